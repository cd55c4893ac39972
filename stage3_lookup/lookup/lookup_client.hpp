#pragma once
// The client's side of the lookup service: its remote methods as plain C++ calls (a static stub,
// as stage 2's CalculatorStub is for the calculator). What it finds are references; a Proxy made
// from one calls the object directly, on the host that exports it.
//                                                          See lectures/3-lookup.md#clients
//   rmi::LookupClient lookup(rmi::locate_lookup_service());
//   rmi::Proxy node(lookup.lookup("calculator_node1"));                 // by name
//   if (auto any = lookup.find_class("demo::Calculator")) {             // by class: one, or none
//     rmi::Proxy calculator(*any);
//   }
//
// Every call throws what the service threw, as itself: NoSuchName, NoSuchClass,
// MalformedClassName, NameTaken, NotOwner, BadName (lookup_errors.hpp).
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "stage1_rpc/rpc/connection.hpp"
#include "stage2_rmi/rmi/remote_ref.hpp"

namespace rmi {

class LookupClient {
 public:
  // `options` for a service that wants a token, or other timeouts.
  explicit LookupClient(Endpoint service, ClientOptions options = {});

  const Endpoint& service() const { return connection_->server(); }

  RemoteRef lookup(const std::string& name) const;
  // The lecture's lookup('ServiceClass'): an instance of the class or of a subclass, or none.
  std::optional<RemoteRef> find_class(const std::string& class_name) const;
  std::vector<RemoteRef> find_all(const std::string& class_name) const;
  // The names at or under a dotted prefix (all of them for "").
  std::map<std::string, RemoteRef> list(const std::string& prefix = {}) const;

  // Registers `ref` as `name` for the process whose secret key is `owner`; returns the lease.
  std::chrono::milliseconds bind(const std::string& name, const RemoteRef& ref,
                                 const std::string& owner, bool replace = false) const;
  // Removes `name`; `key` is the owner's key, or the service's token.
  void unbind(const std::string& name, const std::string& key) const;
  // Renews the leases of `names` (and registers again those a restarted service lost); returns
  // the names someone else holds now.
  std::vector<std::string> renew(const std::string& owner,
                                 const std::map<std::string, RemoteRef>& names) const;
  std::string ping() const;

 private:
  std::shared_ptr<Connection> connection_;
};

}  // namespace rmi
