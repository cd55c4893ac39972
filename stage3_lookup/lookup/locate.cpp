#include "stage3_lookup/lookup/locate.hpp"

#include <cstdlib>
#include <string_view>
#include <vector>

#include "stage3_lookup/lookup/discovery.hpp"
#include "stage3_lookup/lookup/lookup_client.hpp"
#include "stage3_lookup/lookup/lookup_errors.hpp"

namespace rmi {

namespace {

// Whether a lookup service answers at `candidate`; `tried` gets a line saying how it went.
bool answers(const Endpoint& candidate, const LocateOptions& options, std::string& tried) {
  ClientOptions client = options.client;
  client.connect_timeout = options.timeout;
  client.call_timeout = options.timeout;
  try {
    LookupClient(candidate, client).ping();
    return true;
  } catch (const Error& e) {
    tried += "\n  " + candidate.to_string() + ": " + e.what();
    return false;
  }
}

bool environment_says(const char* variable) {
  const char* value = std::getenv(variable);
  return value != nullptr && *value != '\0' && std::string_view(value) != "0";
}

}  // namespace

Endpoint locate_lookup_service(const LocateOptions& options) {
  std::string tried;
  if (options.address) {
    if (answers(*options.address, options, tried)) return *options.address;
  } else if (const char* named = std::getenv("RMI_LOOKUP"); named != nullptr && *named != '\0') {
    const Endpoint from_environment = parse_endpoint(named);
    if (answers(from_environment, options, tried)) return from_environment;
  } else {
    const Endpoint here{"127.0.0.1", options.port};
    if (answers(here, options, tried)) return here;
  }
  if (options.broadcast || environment_says("RMI_LOOKUP_BROADCAST")) {
    std::string asked;
    for (const std::string& destination : broadcast_destinations(options.broadcast_address))
      asked += (asked.empty() ? "" : ", ") + destination;
    asked = "a broadcast to " + asked + " (port " + std::to_string(options.port) + ")";
    try {
      const auto found = discover_lookup_service(options.broadcast_address, options.port,
                                                 Deadline::after(options.timeout));
      if (found && answers(*found, options, tried)) return *found;
      if (!found) {
        tried += "\n  " + asked + ": no answer within " + std::to_string(options.timeout.count()) +
                 " ms";
      }
    } catch (const Error& e) {
      tried += "\n  " + asked + ": " + e.what();
    }
  }
  throw LookupServiceNotFound(
      "no lookup service found; tried:" + tried +
      "\nstart one with lookup_server, or say where one is with --lookup HOST:PORT (or "
      "RMI_LOOKUP=HOST:PORT), or let programs ask the local network with --broadcast");
}

}  // namespace rmi
