// EXERCISE RMI.3, server side — dispatch a call to an object        (lectures/2-rmi.md#rmi3)
//
// Goal:      the lecture's obj = _exportedObjects[ID]; getattr(obj, name)(*args), for C++: find
//            the object the call names, find its method, and run it — or say precisely why not.
// Contract:  see rmi/object_table.hpp and rmi/turns.hpp. dispatch(call, in, out) runs the
//            handler of call.method with call.signature on the object call.object names, with
//            `in` and `out`. Otherwise it throws, worded exactly:
//   - no such object: NoSuchObject, listing the IDs there are (list_ids()):
//       no object 9 here; objects: 0, 1, 2
//   - the object has no method of that name: NoSuchMethod, naming the object by its
//     interface_name and listing its methods (FunctionTable::list_names()):
//       object 4 (Thing) has no method 'size'; methods: name, twice
//   - the name is there with other signatures: BadArguments, as the FunctionTable says it.
//   Calls on an object that is not thread_safe take turns: no two run at once. A call waits for
//   its turn no longer than its caller waits for the reply (call.deadline); if the turn has not
//   come by then: Timeout, worded exactly:
//       object 3 (Thing) was busy with other calls for all of the 100 ms its caller allowed
//   (the 100 being call.time_allowed). A call that had to wait whose caller has hung up
//   meanwhile (call.caller_gone, when it is set) is not run: ConnectionError.
//   The table is free while a method runs: objects can be added and removed meanwhile, and a
//   call may take long.
// Done when: make grade EX=RMI.3   shows RMI.3 pass.
#include "stage1_rpc/core/error.hpp"
#include "stage2_rmi/rmi/errors.hpp"
#include "stage2_rmi/rmi/object_table.hpp"

namespace rmi {

void ObjectTable::dispatch(const CallHeader& call, InArchive& in, OutArchive& out) const {
  throw NotImplemented("RMI.3", "ObjectTable::dispatch", "lectures/2-rmi.md#rmi3");
}

}  // namespace rmi
