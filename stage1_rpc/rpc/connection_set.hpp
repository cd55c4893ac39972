#pragma once
// The client connections a server is serving, each on its own thread (or, for the lecture's
// loop, on the accept thread itself). The accept thread adds and reaps entries while stop() may
// close them all, so the set is shared between threads and owns one mutex.
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

  // Runs serve(socket) on a new thread. Returns false (and closes the socket) once closed.
  // Throws std::system_error, leaving nothing behind, if no thread can be started.
  bool start_thread(Socket socket, Serve serve);
  // Runs serve(socket) here, on the calling thread, where close_all() can still interrupt it.
  void serve_here(Socket socket, const Serve& serve);

  // Joins the threads of connections that have ended; returns how many are still open.
  std::size_t reap();
  // How many of the open connections come from `host`.
  std::size_t open_from(const std::string& host);
  // From now on refuses new connections, and wakes every open one: its next read sees the end
  // of the stream, so it stops after the call it is serving.
  void close_all();
  // Waits for every connection thread to finish. Call after close_all(). Connections still
  // open after `grace` (a reply blocked on a client that does not read) are shut down in both
  // directions, so only a function still running can make this wait longer.
  void join_all(std::chrono::milliseconds grace);

 private:
  struct Entry {
    Socket socket;
    std::jthread thread;
    bool finished = false;  // guarded by mutex_
  };

  std::mutex mutex_;
  std::condition_variable finished_;  // notified when a connection's thread is done
  std::list<Entry> entries_;          // a list: an Entry must not move while its thread uses it
  bool closed_ = false;
};

}  // namespace rmi
