#pragma once
// The client connections a server is serving, each on its own thread (or, for the lecture's
// loop, on the accept thread itself). The accept thread adds and reaps entries while stop() may
// close them all, so the set is shared between threads and owns one mutex.
// A thread still running when the server gives up waiting (finish()) stays here: the destructor
// joins it, however long that takes, because it still uses the server.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <list>
#include <mutex>
#include <string>
#include <thread>

#include "stage1_rpc/net/socket.hpp"

namespace rmi {

class ConnectionSet {
 public:
  using Serve = std::function<void(Socket&)>;
  struct Limits {
    std::size_t connections = 0;  // served at once, in all
    std::size_t per_host = 0;     // served at once for one host
  };
  enum class Start { Started, OverLimit, Closed };

  // Runs serve(socket) on a new thread, unless that would pass `limits` or the set is closed;
  // then `socket` is left to the caller. The limits are checked under the lock that adds the
  // connection: the accepting thread and the serving threads that answer knocks let connections
  // in at once, and two of them must not both take the last slot. Throws std::system_error,
  // leaving nothing behind, if no thread can be started.
  Start start_thread(Socket& socket, const Limits& limits, Serve serve);
  // Runs serve(socket) here, on the calling thread, where close_all() can still interrupt it.
  void serve_here(Socket socket, const Serve& serve);

  // Joins the threads of connections that have ended; returns how many are still open.
  std::size_t reap();
  // How many of the open connections come from `host`.
  std::size_t open_from(const std::string& host);
  // How many connections are being served on threads of their own, as of a moment ago: no lock,
  // so a thread can ask after every call.
  std::size_t serving() const { return serving_.load(std::memory_order_relaxed); }
  // From now on refuses new connections, and wakes every open one: its next read sees the end
  // of the stream, so it stops after the call it is serving.
  void close_all();
  // Call after close_all(). Waits until every connection has finished or `deadline` has passed;
  // then shuts down the rest in both directions, so a reply blocked on a client that does not
  // read fails at once, and waits a moment for them. Joins every thread that has finished and
  // returns how many connections are still being served: their functions have not returned.
  std::size_t finish(std::chrono::steady_clock::time_point deadline);
  // True when called from one of the connection threads (a call that stops its own server).
  bool runs_on_this_thread();

 private:
  struct Entry {
    Socket socket;
    std::jthread thread;
    bool finished = false;  // guarded by mutex_
  };

  std::size_t open_from_locked(const std::string& host) const;  // with mutex_ held

  std::mutex mutex_;
  std::condition_variable finished_;  // notified when a connection's thread is done
  std::list<Entry> entries_;          // a list: an Entry must not move while its thread uses it
  bool closed_ = false;
  std::atomic<std::size_t> serving_{0};  // threads started and not finished
};

}  // namespace rmi
