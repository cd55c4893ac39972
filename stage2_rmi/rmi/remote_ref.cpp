#include "stage2_rmi/rmi/remote_ref.hpp"

#include <algorithm>

namespace rmi {

bool RemoteRef::is_a(std::string_view name) const {
  return std::find(classes.begin(), classes.end(), name) != classes.end();
}

std::string RemoteRef::to_string() const {
  return (class_name.empty() ? std::string("object") : class_name + " object") + " " +
         std::to_string(object) + " at " + endpoint.to_string();
}

}  // namespace rmi
