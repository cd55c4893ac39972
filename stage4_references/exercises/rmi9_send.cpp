// EXERCISE RMI.9 — the tag class and the protocol                 (lectures/4-references.md#rmi9)
//
// Goal:      an object of a class derived from rmi::RemoteObject never travels by value: where a
//            method returns it or a caller passes it, a reference to it travels, and the object
//            stays here, callable through that reference for as long as someone holds it.
// Contract:  see refs/home.hpp and refs/exports.hpp.
//   send_local(out, object, export_object) writes, where the object's value would go, the tag
//   kReferenceTag and then the RemoteRef its home server makes for it (a RemoteRef is written as
//   any value), and returns that reference.
//   - One object, one export: however often and from however many threads it is sent, an
//     object has one ID at a time, so that every reference to it names the same object.
//     export_object() puts it on the home server under a new ID, each time it is called, and
//     does nothing else: what this process exports by reference, and to whom, is what exports_
//     is told (refs/exports.hpp), under the class its reference names.
//   - Every reference that leaves counts at exports_ as in transit (a new export is one already);
//     an object that exports_ has just released is exported afresh, not sent as a dead ID.
//   - Sending never waits for another process. It may be refused: export_object() throws
//     TooManyReferences when no more new objects may be in transit, and then nothing is
//     written and no export is recorded.
// Done when: make grade EX=RMI.9   shows RMI.9 pass.
#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/wire/codec.hpp"
#include "stage4_references/refs/home.hpp"

namespace rmi {

RemoteRef Home::send_local(OutArchive& out, const std::shared_ptr<RemoteObject>& object,
                           const std::function<ObjectId()>& export_object) {
  throw NotImplemented("RMI.9", "Home::send_local", "lectures/4-references.md#rmi9");
}

}  // namespace rmi
