#pragma once
// A reference to a remote object, as a value: everything a client on any host needs to call the
// object, small enough to store, send and look up. Where a Proxy is a live link (a connection and
// an object), a RemoteRef is its address on paper: a lookup service keeps references, a reply
// can carry one, and a proxy is made from one.               See lectures/2-rmi.md#references
//
//   endpoint    where the object's server is reached: its advertised host, and its port
//   object      the object's ID on that server
//   server_run  the run of the server that exported it: after a restart the reference is refused
//               clearly, instead of reaching whatever object now has the same ID
//   class_name  the class it is exported through, e.g. "demo::Calculator"
//   classes     that class and every base it declares (bases.hpp): what it may be looked up as
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "stage1_rpc/net/endpoint.hpp"
#include "stage2_rmi/rmi/call_header.hpp"

namespace rmi {

struct RemoteRef {
  Endpoint endpoint;
  ObjectId object = kFunctions;
  ServerRun server_run = kAnyRun;
  std::string class_name;
  std::vector<std::string> classes;

  // True if the object may be taken for a `name`: its own class, or a base it declares.
  bool is_a(std::string_view name) const;
  // "demo::Calculator object 1 at 10.0.0.5:50000"
  std::string to_string() const;

  friend bool operator==(const RemoteRef&, const RemoteRef&) = default;
  template <class Archive>
  void serialize(Archive& archive, unsigned /*version*/) {
    archive& endpoint& object& server_run& class_name& classes;
  }
};

}  // namespace rmi
