#pragma once
// A server of objects: export objects under IDs, bind free functions, start it, and clients
// call their methods through proxies. Every reply is tagged (RMI.2): a value, or the exception
// the call threw, which the caller rethrows. Refusals travel the same way — no such object,
// no such method, wrong signature — so the connection stays open and useful.
//
//   rmi::ObjectServer server({.address = {"0.0.0.0", 50000}});
//   server.add<A>(std::make_shared<B>(), {.id = 2});    // exported through A's interface
//   server.bind("add", [](int a, int b) { return a + b; });  // object 0's method
//   server.start();                                        See lectures/2-rmi.md#the-server
// Every object server answers one function of its own on object 0: rmi.inspect, which lists what
// it exports (one line per object), for people and tools (stage 3's lookup_tool inspect).
// This header instantiates Boost archives; include it from .cpp files only.
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "stage1_rpc/rpc/bind.hpp"
#include "stage1_rpc/rpc/server.hpp"
#include "stage2_rmi/rmi/exposed.hpp"
#include "stage2_rmi/rmi/object_table.hpp"
#include "stage2_rmi/rmi/remote_ref.hpp"

namespace rmi {

struct ExportOptions {
  std::optional<ObjectId> id{};  // a well-known ID; otherwise the next free one
  // The object guards its own state, so calls from different clients may run at once.
  bool thread_safe = false;
};

class ObjectServer {
 public:
  explicit ObjectServer(ServerOptions options = {});

  // Exports `object` through the members Exposed<Interface> lists; returns its ID. Objects may
  // be added and removed while the server runs.
  template <class Interface>
  ObjectId add(std::shared_ptr<Interface> object, ExportOptions options = {}) {
    auto exported = expose<Interface>(std::move(object), options.thread_safe);
    if (!options.id) return objects_.add(std::move(exported));
    objects_.add(*options.id, std::move(exported));
    return *options.id;
  }
  bool remove(ObjectId id) { return objects_.remove(id); }

  // A reference to an exported object, for others to call it by: this server's advertised
  // endpoint, this run, the object's classes. Throws NoSuchObject if there is no such object.
  RemoteRef ref(ObjectId id) const;

  // A free function: a method of object 0. Bind every function before start().
  template <class Function>
  void bind(std::string name, Function function) {
    check_not_started(name);
    bind_callable(functions_->methods, std::move(name), std::move(function));
  }

  void start();
  // Stopping, as Server does it (server.hpp): request_stop() from anywhere, even a method of an
  // exported object (a remote shutdown()).
  void request_stop() { server_.request_stop(); }
  StopReport stop() { return server_.stop(); }
  std::stop_token stop_token() const { return server_.stop_token(); }
  const Endpoint& endpoint() const { return server_.endpoint(); }
  Endpoint advertised_endpoint() const { return server_.advertised_endpoint(); }
  const ObjectTable& objects() const { return objects_; }
  // This run's identity: references made now carry it, and calls through them are refused
  // after a restart, which draws another (see call_header.hpp).
  ServerRun run() const { return run_; }

  // Lines that rmi.inspect adds to its answer (a later stage: who holds which reference).
  using Inspector = std::function<std::vector<std::string>()>;
  void add_inspector(Inspector inspector);

  // What the server does with each frame that arrives. Public so that the fuzzer
  // (tests/fuzz) and the tests can hand it frames without a network in between.
  void handle(Request& request);

 private:
  void check_not_started(const std::string& name) const;
  // RMI.3 (exercises/rmi3_serve.cpp): the call in one request, run and answered.
  void serve(Request& request);
  // Throws NoSuchObject if the call's reference is from an earlier run of this server.
  void check_run(const CallHeader& call) const;

  std::vector<std::string> inspect() const;

  const ServerRun run_;
  mutable std::mutex inspectors_mutex_;
  std::vector<Inspector> inspectors_;  // guarded by inspectors_mutex_
  ObjectTable objects_;
  std::shared_ptr<ExportedObject> functions_;  // object 0
  Server server_;
  bool started_ = false;
};

}  // namespace rmi
