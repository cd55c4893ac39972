// EXERCISE RMI.6 — remove a registration                      (lectures/3-lookup.md#rmi6)
//
// Goal:      a process withdraws a name it registered; nobody else can withdraw it for them.
// Contract:  see lookup/name_table.hpp. unbind(name, key, admin) removes the entry of `name`
//            when `key` is the owner key it was registered with, or when `admin` is set.
//   - no such name: NoSuchName, as find() words it;
//   - any other key: NotOwner, changing nothing, worded exactly:
//       only the process that registered 'NAME' (or a holder of the lookup service's token)
//       may remove it
//     The message must not give away anything about the owner's key.
// Done when: make grade EX=RMI.6   shows RMI.6 pass.
#include "stage1_rpc/core/error.hpp"
#include "stage3_lookup/lookup/lookup_errors.hpp"
#include "stage3_lookup/lookup/name_table.hpp"

namespace rmi {

void NameTable::unbind(const std::string& name, const std::string& key, bool admin) {
  throw NotImplemented("RMI.6", "NameTable::unbind", "lectures/3-lookup.md#rmi6");
}

}  // namespace rmi
