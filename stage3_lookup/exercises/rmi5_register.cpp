// EXERCISE RMI.5 — register a name                            (lectures/3-lookup.md#rmi5)
//
// Goal:      a process registers a reference to one of its objects under a name, and nobody
//            else can take that name from it.
// Contract:  see lookup/name_table.hpp. bind(name, ref, owner, replace, admin, expires) stores
//            Entry{ref, owner, expires} under name (put()) when:
//   - nobody holds the name;
//   - `owner` holds it already and `replace` is set (a new reference, or the same one renewed);
//   - someone else holds it and `admin` is set (a holder of the service's token takes it).
//   Otherwise it refuses with NameTaken, changing nothing, worded exactly:
//   - held by `owner` itself:   'NAME' is registered by you already, as REF; bind with
//                               replace to change it
//   - held by another process:  'NAME' is taken: it stands for REF, registered by another
//                               process
//   where REF is the held reference's to_string(). (The name, the reference and the limits were
//   checked before; entries whose lease ran out are gone already.)
// Done when: make grade EX=RMI.5   shows RMI.5 pass.
#include "stage1_rpc/core/error.hpp"
#include "stage3_lookup/lookup/lookup_errors.hpp"
#include "stage3_lookup/lookup/name_table.hpp"

namespace rmi {

void NameTable::bind(const std::string& name, const RemoteRef& ref, const std::string& owner,
                     bool replace, bool admin, Clock::time_point expires) {
  throw NotImplemented("RMI.5", "NameTable::bind", "lectures/3-lookup.md#rmi5");
}

}  // namespace rmi
