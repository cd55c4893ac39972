#include "stage3_lookup/lookup/reachable.hpp"

namespace rmi {

bool is_local_only(std::string_view host) {
  return host.empty() || host == "localhost" || host == "0.0.0.0" || host.starts_with("127.");
}

std::string unreachable_advice(const Endpoint& advertised, const std::string& other_host) {
  return "a reference to " + advertised.to_string() + " is of no use on " + other_host +
         ": there it means that host itself. Let the exporting server listen on an address other "
         "hosts reach (--host 0.0.0.0, or its own address) and advertise the address they reach "
         "it by (--advertise HOST, ServerOptions::advertised_host)";
}

}  // namespace rmi
