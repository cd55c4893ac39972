// EXERCISE RMI.3, server side — dispatch a call to an object        (lectures/2-rmi.md#rmi3)
//
// Goal:      the lecture's obj = _exportedObjects[ID]; getattr(obj, name)(*args), for C++: find
//            the object the call names, find its method, and run it — or say precisely why not.
// Contract:  see rmi/object_table.hpp. dispatch(call, in, out):
//   1. find(call.object); if there is none, throw NoSuchObject listing the IDs there are
//      (list_ids()), worded exactly:   no object 9 here; objects: 0, 1, 2
//   2. the object's methods are a stage 1 FunctionTable: methods.find(call.method,
//      call.signature). If it throws NoSuchFunction, throw NoSuchMethod instead, listing its
//      methods (methods.list_names()), worded exactly:
//        object 4 (Thing) has no method 'size'; methods: name, twice
//      where Thing is the object's interface_name. BadArguments passes through as it is;
//   3. unless the object is thread_safe, hold its lock while the method runs, so that calls
//      on one object from many clients take turns. Do not hold the table's own lock then:
//      find() hands you the object, and a call may take long;
//   4. run the handler with `in` and `out`.
// Done when: make grade EX=RMI.3   shows RMI.3 pass.
#include "stage1_rpc/core/error.hpp"
#include "stage2_rmi/rmi/errors.hpp"
#include "stage2_rmi/rmi/object_table.hpp"

namespace rmi {

void ObjectTable::dispatch(const CallHeader& call, InArchive& in, OutArchive& out) const {
  throw NotImplemented("RMI.3", "ObjectTable::dispatch", "lectures/2-rmi.md#rmi3");
}

}  // namespace rmi
