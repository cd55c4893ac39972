#pragma once
// The lookup service: an ordinary exported object, served by stage 2's machinery at a
// well-known port and object ID, so that a program finds it knowing nothing else (the lecture's
// answer to the bootstrapping problem). It stores references by name; it never relays calls:
// a client calls the objects it finds directly, on whatever host exports them.
//
// Registrations are leases (soft state): one lasts `lease` unless its process renews it, so an
// exporter that dies disappears within one lease, and a lookup service that restarts is filled
// again by the renewals of the exporters still alive.    See lectures/3-lookup.md#the-service
//
// Its methods run on the server's connection threads at once (it is exported thread_safe):
// one mutex guards the table. What one host may register is bounded (names.hpp), whatever owner
// keys it makes up, so that one host cannot lock the others out.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "stage1_rpc/core/log.hpp"
#include "stage1_rpc/core/peer_log.hpp"
#include "stage2_rmi/rmi/remote_ref.hpp"
#include "stage3_lookup/lookup/name_table.hpp"

namespace rmi {

class ObjectServer;

// Where a lookup service is found when nothing else is said: this port on loopback, or by
// broadcast on the local network, and always this object ID.
inline constexpr std::uint16_t kLookupPort = 50100;
inline constexpr ObjectId kLookupObject = 1;

struct LookupOptions {
  std::chrono::milliseconds lease{10'000};
  // The service's token, if it has one (its server then wants it in the handshake, too): whoever
  // gives it as the key may remove, or take, any name.
  std::string token;
  Logger log = log_to_stderr("lookup");
};

class LookupService {
 public:
  explicit LookupService(LookupOptions options = {});

  // The remote interface. bind and renew return the lease in milliseconds.
  std::int64_t bind(const std::string& name, const RemoteRef& ref, const std::string& owner,
                    bool replace);
  void unbind(const std::string& name, const std::string& key);
  RemoteRef lookup(const std::string& name);
  // The instances of a class or its subclasses: the first (by name), or all.
  std::vector<RemoteRef> find_class(const std::string& class_name, bool all);
  std::map<std::string, RemoteRef> list(const std::string& prefix);
  // Renews every name in `names` that `owner` holds, and registers again those it lost when
  // this service restarted. Returns the names it could not renew: someone else has them now.
  std::vector<std::string> renew(const std::string& owner,
                                 const std::map<std::string, RemoteRef>& names);
  std::string ping();

 private:
  void check_registration(const std::string& name, const RemoteRef& ref,
                          const std::string& owner) const;
  void forget_lapsed();                                            // with mutex_ held
  void check_room(const std::string& host, std::size_t from_host,  // with mutex_ held
                  std::size_t owned) const;

  const LookupOptions options_;
  // Every registration is a line, and a stranger may register thousands: so many per host.
  PeerLog log_;
  std::mutex mutex_;
  NameTable table_;  // guarded by mutex_
};

// Exports `service` as object kLookupObject of `server`.
void export_lookup_service(ObjectServer& server, std::shared_ptr<LookupService> service);

}  // namespace rmi
