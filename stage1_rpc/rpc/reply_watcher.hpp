#pragma once
// One thread that watches, for the whole process, the connections of calls sent ahead
// (Connection::send_ahead, stage 2's Proxy::call_async) until their replies arrive. Each call
// waits in the list, not on a thread of its own: a thousand calls in flight cost a thousand
// entries, and the one thread wakes when any of their replies begins to arrive (or a deadline
// passes) and hands it on.
//
// What it hands on must be quick (reading a reply that has arrived): every reply of the process
// waits behind it. The thread starts with the first call watched and ends with the process.
// Shared between threads: one mutex.                        See lectures/2-rmi.md#timeouts
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <stop_token>
#include <thread>

#include "stage1_rpc/net/deadline.hpp"
#include "stage1_rpc/net/socket.hpp"

namespace rmi {

class ReplyWatcher {
 public:
  ReplyWatcher();
  ~ReplyWatcher();
  ReplyWatcher(const ReplyWatcher&) = delete;
  ReplyWatcher& operator=(const ReplyWatcher&) = delete;

  // The process's watcher.
  static ReplyWatcher& shared();

  // Runs `ready` on the watcher's thread once `socket` has something to read (a reply, or the
  // end of the connection) or `deadline` has passed, whichever comes first. `socket` must stay
  // open until then: whatever owns it should live in `ready`.
  void watch(const Socket& socket, Deadline::Clock::time_point deadline,
             std::function<void()> ready);

 private:
  struct Watched {
    int fd;
    Deadline::Clock::time_point deadline;
    std::function<void()> ready;
  };
  void run(const std::stop_token& stop);
  void ring();

  std::mutex mutex_;
  std::map<std::uint64_t, Watched> watched_;  // guarded by mutex_; by number, in order of arrival
  std::uint64_t next_ = 0;                    // guarded by mutex_
  bool asleep_ = false;  // guarded by mutex_: in poll() with a list that lacks the newest entries
  Socket bell_reader_, bell_writer_;  // a doorbell, as in Listener: wakes the thread from poll()
  std::jthread thread_;               // last: it uses everything above
};

}  // namespace rmi
