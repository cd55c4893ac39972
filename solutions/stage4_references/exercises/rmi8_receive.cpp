// EXERCISE RMI.8 — recognise a reference and wrap it             (lectures/4-references.md#rmi8)
// Reference solution.
#include <cstdint>
#include <string>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/core/printable.hpp"
#include "stage1_rpc/wire/codec.hpp"
#include "stage4_references/refs/home.hpp"

namespace rmi {

Home::Received Home::receive(InArchive& in) {
  std::uint8_t tag = 0;
  in >> tag;
  if (tag != kReferenceTag) {
    throw ProtocolError("expected a reference (tag " + std::to_string(kReferenceTag) +
                        ") where an object passed by reference was due, found tag " +
                        std::to_string(tag));
  }
  Received received;
  in >> received.ref;
  if (received.ref.endpoint.host.empty() || received.ref.endpoint.port == 0) {
    throw ProtocolError("a reference arrived that names no server: '" +
                        printable(received.ref.endpoint.to_string()) + "'");
  }
  if (received.ref.endpoint == server_.advertised_endpoint()) {
    received.local = home_object(received.ref);
  } else {
    received.holding = holdings_.hold(received.ref);
  }
  return received;
}

}  // namespace rmi
