// EXERCISE RMI.6 — remove a registration                      (lectures/3-lookup.md#rmi6)
// Reference solution.
#include "stage1_rpc/core/error.hpp"
#include "stage3_lookup/lookup/lookup_errors.hpp"
#include "stage3_lookup/lookup/name_table.hpp"

namespace rmi {

void NameTable::unbind(const std::string& name, const std::string& key, bool admin) {
  find(name);  // throws NoSuchName
  if (!admin && entry(name)->owner != key) {
    throw NotOwner("only the process that registered '" + name +
                   "' (or a holder of the lookup service's token) may remove it");
  }
  entries_.erase(name);
}

}  // namespace rmi
