#pragma once
// The Connections of a process, one per server (and token): whoever wants to call a server asks
// the pool instead of building a Connection, so that proxies of one server — however many, made
// wherever — share its kept connections. From stage 2 on, proxies made from remote references
// get their Connection here.
//
// The pool holds Connections weakly — one lives while some proxy uses it — except the few it
// handed out last, which it keeps: a program whose proxies come and go (a reference returned by
// each call, a callback's proxy made for each call) would otherwise connect anew for each one. A
// program usually needs one pool, shared() — the lesson here is that connections belong to the
// process, not to each proxy (as Java RMI's transport shares them); a test or a program with
// special options may make its own. Shared between threads: one mutex.                       See
// lectures/1-rpc.md#the-client
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "stage1_rpc/rpc/connection.hpp"

namespace rmi {

class ConnectionPool {
 public:
  explicit ConnectionPool(ClientOptions options = {}) : options_(std::move(options)) {}

  // The process's own pool, with default ClientOptions.
  static ConnectionPool& shared();

  // The Connection to `server`, made with the pool's options if there is none yet.
  std::shared_ptr<Connection> to(const Endpoint& server);
  const ClientOptions& options() const { return options_; }

 private:
  // How many of the Connections handed out last the pool keeps alive.
  static constexpr std::size_t kKeptRecent = 8;

  const ClientOptions options_;
  std::mutex mutex_;
  std::map<Endpoint, std::weak_ptr<Connection>> connections_;  // guarded by mutex_
  std::deque<std::shared_ptr<Connection>> recent_;             // guarded by mutex_: newest first
};

}  // namespace rmi
