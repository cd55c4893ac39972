#pragma once
// Whose turn it is to run a method of an object that does not guard its own state: calls on it
// take turns (lectures/2-rmi.md#concurrency). A call waits for its turn no longer than its
// caller waits for the reply, so a call stuck for ever in one method cannot make the calls
// queued behind it hold their threads for ever too.
// A flag, a mutex and a condition variable rather than a timed mutex: ThreadSanitizer
// understands this one, and the flag can later say more about who holds the turn.
#include <condition_variable>
#include <mutex>
#include <optional>
#include <utility>

#include "stage1_rpc/net/deadline.hpp"

namespace rmi {

class Turns {
 public:
  // The turn, held while a call runs; the next call waiting goes on when it is destroyed.
  class Held {
   public:
    Held(Held&& other) noexcept
        : turns_(std::exchange(other.turns_, nullptr)), waited_(other.waited_) {}
    Held& operator=(Held&&) = delete;
    ~Held();
    // Whether the call had to wait for it: a call that waited in line may find that its
    // caller has given up meanwhile.
    bool waited() const { return waited_; }

   private:
    friend class Turns;
    Held(Turns* turns, bool waited) : turns_(turns), waited_(waited) {}
    Turns* turns_;
    bool waited_;
  };

  // Waits for the turn until `deadline`; nothing if it had not come by then.
  std::optional<Held> take(Deadline::Clock::time_point deadline);
  // How many calls are waiting for their turn now.
  int in_line() const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable free_;
  bool busy_ = false;  // guarded by mutex_
  int waiting_ = 0;    // guarded by mutex_
};

}  // namespace rmi
