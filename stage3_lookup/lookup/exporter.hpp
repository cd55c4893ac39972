#pragma once
// Exporting from any host (RMI.7*): a process runs an object server of its own in the background,
// publishes references to its objects in a lookup service, and keeps them there by renewing their
// leases; clients that find them call this process directly. The lookup service only stores
// references: it never relays a call.                        See lectures/3-lookup.md#rmi7
//
//   rmi::Exporter exporter(rmi::LookupClient(service),
//                          {.address = {"0.0.0.0", 0}, .advertised_host = "10.0.0.7"});
//   exporter.publish("calculator_node1", std::make_shared<Calculator>());
//   ...                              // published until the exporter goes, or the process dies:
//                                    // then the names lapse within one lease
//
// A background thread renews every published name each third of a lease. If the lookup service
// restarted, the renewal registers the names again; a name someone else took meanwhile is lost,
// and said so in the log. Shared between the caller's threads and the renewer: one mutex.
// This header instantiates Boost archives; include it from .cpp files only.
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "stage2_rmi/rmi/object_server.hpp"
#include "stage3_lookup/lookup/lookup_client.hpp"

namespace rmi {

class Exporter {
 public:
  // Starts this process's object server (`options`: where it listens, what it advertises).
  explicit Exporter(LookupClient lookup, ServerOptions options = {});
  // Withdraws every published name, stops renewing, stops the server.
  ~Exporter();
  Exporter(const Exporter&) = delete;
  Exporter& operator=(const Exporter&) = delete;

  // Exports `object` through Exposed<Interface> and registers it as `name`; returns its reference.
  template <class Interface>
  RemoteRef publish(const std::string& name, std::shared_ptr<Interface> object,
                    ExportOptions options = {}) {
    return publish_object(name, server_.add(std::move(object), options));
  }
  // Unregisters `name` and unexports its object. Throws NoSuchName if it was not published here;
  // if the lookup service cannot be told, unexports it all the same and throws that error.
  void withdraw(const std::string& name);

  ObjectServer& server() { return server_; }
  const LookupClient& lookup() const { return lookup_; }

 private:
  // RMI.7 (exercises/rmi7_export.cpp): publishes the exported object `id` as `name`.
  RemoteRef publish_object(const std::string& name, ObjectId id);
  void keep_renewing(std::stop_token stop);

  LookupClient lookup_;
  ObjectServer server_;
  Logger log_;
  const std::string owner_;  // this exporter's secret: only it may renew or remove its names
  std::mutex mutex_;
  std::map<std::string, RemoteRef> published_;  // guarded by mutex_
  std::chrono::milliseconds lease_{0};          // guarded by mutex_: the service's, once known
  std::condition_variable_any lease_known_;
  std::jthread renewer_;  // last: stopped first
};

}  // namespace rmi
