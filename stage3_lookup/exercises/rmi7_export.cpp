// EXERCISE RMI.7* — export from one's own host                   (lectures/3-lookup.md#rmi7)
//
// Goal:      a process anywhere exports an object and publishes it, so that a client on any
//            other host finds it in the lookup service and calls it here, directly.
// Contract:  see lookup/exporter.hpp.
//   publish_object(name, id): `id` is exported in server_ already.
//   - Its reference is the one server_ makes for it. If the lookup service is not on this
//     machine (reachable.hpp: its host is not local-only) while the reference's host is, the
//     reference would be of no use to anyone who finds it: refuse with UnreachableReference,
//     in unreachable_advice's words, naming the lookup service's host.
//   - It registers the reference as `name` with the lookup service, as this exporter's owner_.
//   - From then on the renewer keeps the name: it renews what published_ holds, once lease_
//     says how often (notify lease_known_ when you set it).
//   - A publication that fails leaves nothing behind: not the name, not the exported object.
//   - It returns the reference.
//   withdraw(name): the name is no longer renewed, no longer registered, and its object no
//   longer exported. A name this exporter did not publish is refused with NoSuchName. If the
//   lookup service cannot be told, the rest is done all the same (the name lapses with its
//   lease) and withdraw throws what telling it threw.
//   Both may be called from any thread, while the renewer runs: no lock is held across a
//   remote call.
// Done when: make grade EX=RMI.7   shows RMI.7 pass.
#include "stage1_rpc/core/error.hpp"
#include "stage3_lookup/lookup/exporter.hpp"
#include "stage3_lookup/lookup/lookup_errors.hpp"
#include "stage3_lookup/lookup/reachable.hpp"

namespace rmi {

RemoteRef Exporter::publish_object(const std::string& name, ObjectId id) {
  throw NotImplemented("RMI.7", "Exporter::publish_object", "lectures/3-lookup.md#rmi7");
}

void Exporter::withdraw(const std::string& name) {
  throw NotImplemented("RMI.7", "Exporter::withdraw", "lectures/3-lookup.md#rmi7");
}

}  // namespace rmi
