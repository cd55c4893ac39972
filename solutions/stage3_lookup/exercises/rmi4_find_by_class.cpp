// EXERCISE RMI.4 — look up by class                            (lectures/3-lookup.md#rmi4)
// Reference solution.
#include "stage1_rpc/core/error.hpp"
#include "stage3_lookup/lookup/lookup_errors.hpp"
#include "stage3_lookup/lookup/name_table.hpp"
#include "stage3_lookup/lookup/names.hpp"

namespace rmi {

std::vector<RemoteRef> NameTable::find_class(const std::string& class_name,
                                             std::size_t at_most) const {
  check_class_name(class_name);
  if (!knows_class(class_name)) {
    throw NoSuchClass("no exporter has declared the class " + class_name);
  }
  std::vector<RemoteRef> instances;
  for (const auto& [name, entry] : entries_) {
    if (instances.size() == at_most) break;
    if (entry.ref.is_a(class_name)) instances.push_back(entry.ref);
  }
  return instances;
}

}  // namespace rmi
