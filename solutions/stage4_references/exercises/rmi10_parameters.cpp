// EXERCISE RMI.10* — references as parameters, and proxies sent on
//                                                          (lectures/4-references.md#rmi10)
// Reference solution.
#include <chrono>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/core/printable.hpp"
#include "stage1_rpc/wire/codec.hpp"
#include "stage2_rmi/rmi/errors.hpp"
#include "stage4_references/refs/home.hpp"

namespace rmi {

void Home::send_remote(OutArchive& out, const RemoteRef& ref,
                       const std::shared_ptr<Holdings::Holding>& holding) {
  holdings_.keep_until(holding, std::chrono::steady_clock::now() + options_.lease);
  const std::uint8_t tag = kReferenceTag;
  out << tag << ref;
}

std::shared_ptr<RemoteObject> Home::home_object(const RemoteRef& ref) {
  std::shared_ptr<RemoteObject> object;
  if (ref.endpoint == server_.advertised_endpoint() && ref.server_run == server_.run()) {
    object = exports_.object(ref.object);
  }
  if (!object) {
    throw NoSuchObject(printable(ref.to_string()) +
                       " came back, but this process exports no such object by reference (any "
                       "more): it was released, or exported by an earlier run");
  }
  return object;
}

}  // namespace rmi
