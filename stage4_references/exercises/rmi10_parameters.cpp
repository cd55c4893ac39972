// EXERCISE RMI.10* — references as parameters, and proxies sent on
//                                                          (lectures/4-references.md#rmi10)
// Goal:      a process passes a proxy it holds as it would pass its own object, and a reference
//            that comes back to the process whose object it names is that object, not a call
//            over the network to itself.
// Contract:  see refs/home.hpp.
//   send_remote(out, ref, holding) writes a proxy where its object's value would go:
//   - what RMI.8 reads: the tag, then the reference to the object itself — never one to the
//     proxy: whoever receives it calls the object where it lives, with no hop through here;
//   - the receiver claims the object at its exporter only after it has read it, and this
//     process may drop its own proxy at once: the object must not be released in between —
//     nor kept for ever because it was once sent on. `holding` is what keeps it now (null for
//     a proxy that was not received as a reference).
//   home_object(ref): the object of this process that `ref` names. Only a reference to this
//   home server as others reach it, of its present run, names one, and only while it is
//   exported by reference here. Any other — another server, another run (kAnyRun too), an
//   object released or never exported so — is a NoSuchObject that names the reference.
// Done when: make grade EX=RMI.10   shows RMI.10 pass.
#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/wire/codec.hpp"
#include "stage2_rmi/rmi/errors.hpp"
#include "stage4_references/refs/home.hpp"

namespace rmi {

void Home::send_remote(OutArchive& out, const RemoteRef& ref,
                       const std::shared_ptr<Holdings::Holding>& holding) {
  throw NotImplemented("RMI.10", "Home::send_remote", "lectures/4-references.md#rmi10");
}

std::shared_ptr<RemoteObject> Home::home_object(const RemoteRef& ref) {
  throw NotImplemented("RMI.10", "Home::home_object", "lectures/4-references.md#rmi10");
}

}  // namespace rmi
