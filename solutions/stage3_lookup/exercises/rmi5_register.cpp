// EXERCISE RMI.5 — register a name                            (lectures/3-lookup.md#rmi5)
// Reference solution.
#include "stage1_rpc/core/error.hpp"
#include "stage3_lookup/lookup/lookup_errors.hpp"
#include "stage3_lookup/lookup/name_table.hpp"

namespace rmi {

void NameTable::bind(const std::string& name, const RemoteRef& ref, const std::string& owner,
                     bool replace, bool admin, Clock::time_point expires) {
  if (const Entry* held = entry(name)) {
    const bool own = held->owner == owner;
    if (own && !replace) {
      throw NameTaken("'" + name + "' is registered by you already, as " + held->ref.to_string() +
                      "; bind with replace to change it");
    }
    if (!own && !admin) {
      throw NameTaken("'" + name + "' is taken: it stands for " + held->ref.to_string() +
                      ", registered by another process");
    }
  }
  put(name, Entry{ref, owner, expires});
}

}  // namespace rmi
