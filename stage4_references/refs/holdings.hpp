#pragma once
// The references this process holds to objects exported by reference elsewhere: the holder's
// half of distributed garbage collection.                  See lectures/4-references.md#gc
//
// Every rmi::Remote<T> that came in over the network holds a Holding of its object; copies share
// it. While one lives, this process claims the object at its exporter and renews the claim each
// third of a lease; when the last goes, it lets the object go. None of that happens in the
// Holding itself: a proxy may be dropped anywhere — in a destructor, inside a call, while a lock
// is held — so dropping one only notes the change here, and the process's reference keeper
// (home.hpp) tells the exporters, on a thread of its own. Shared between threads: one mutex.
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <tuple>
#include <vector>

#include "stage1_rpc/net/endpoint.hpp"
#include "stage2_rmi/rmi/remote_ref.hpp"

namespace rmi {

class Holdings {
  struct State;

 public:
  Holdings();
  ~Holdings();
  Holdings(const Holdings&) = delete;
  Holdings& operator=(const Holdings&) = delete;

  // Only hold() makes a Holding (a key that only Holdings can make).
  class Key {
    friend class Holdings;
    Key() = default;
  };

  // Held while it lives; made by hold().
  class Holding {
   public:
    Holding(Key, std::shared_ptr<State> state, RemoteRef ref);
    ~Holding();
    Holding(const Holding&) = delete;
    Holding& operator=(const Holding&) = delete;

   private:
    std::shared_ptr<State> state_;  // outlives the Holdings if the holding does
    RemoteRef ref_;
  };

  // Holds `ref`'s object: share the Holding among the copies of one proxy.
  std::shared_ptr<Holding> hold(const RemoteRef& ref);

  // Keeps `holding` alive until `until`, whoever else lets go of it.
  void keep_until(std::shared_ptr<Holding> holding, std::chrono::steady_clock::time_point until);

  // What the keeper must tell one exporter (one server's run at one endpoint).
  struct Work {
    Endpoint exporter;
    ServerRun run = kAnyRun;
    std::vector<ObjectId> hold;  // claim or renew
    std::vector<ObjectId> let_go;
  };
  // The changes since the last call; with `renew`, every object still held too. Lets go of the
  // holdings kept_until a time now past.
  std::vector<Work> take_work(bool renew);
  // Waits until there is a change to tell, or `until`, or a stop is requested. True for a change.
  bool wait_for_work(std::stop_token stop, std::chrono::steady_clock::time_point until);
  // Wakes wait_for_work as a change would: the keeper's `until` has come nearer.
  void wake();
  // An exporter says these are gone: its references to them are dead; nothing more to renew.
  void forget(const Endpoint& exporter, ServerRun run, const std::vector<ObjectId>& gone);

  // One line per object held, the first kMaxDescribed of them: "demo::Item object 7 at
  // 10.0.0.5:41000, 3 proxies".
  static constexpr std::size_t kMaxDescribed = 10'000;
  std::vector<std::string> describe() const;
  std::size_t size() const;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace rmi
