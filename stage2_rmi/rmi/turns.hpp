#pragma once
// Whose turn it is to run a method of an object that does not guard its own state: calls on it
// take turns (lectures/2-rmi.md#concurrency). A call waits for its turn no longer than its
// caller waits for the reply, so a call stuck for ever in one method cannot make the calls
// queued behind it hold their threads for ever too.
//
// While a method that holds the turn calls out to another process, the turn is let go, and taken
// back when the reply is in (stage1_rpc/rpc/waiting_call.hpp): a call back into this object — a
// chain A → B → A — can then run instead of waiting for a turn that will not come.
// A flag, a mutex and a condition variable rather than a timed mutex: ThreadSanitizer
// understands this one.
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

#include "stage1_rpc/net/deadline.hpp"
#include "stage1_rpc/rpc/waiting_call.hpp"

namespace rmi {

class Turns {
  class Holding;

 public:
  // The turn, held while a call runs; the next call waiting goes on when it is destroyed.
  class Held {
   public:
    Held(Held&& other) noexcept = default;
    Held& operator=(Held&&) = delete;
    ~Held();
    // Whether the call had to wait for it: a call that waited in line may find that its
    // caller has given up meanwhile.
    bool waited() const { return waited_; }

   private:
    friend class Turns;
    Held(std::unique_ptr<Holding> holding, bool waited);
    std::unique_ptr<Holding> holding_;  // where it is held: it must not move while registered
    bool waited_;
  };

  // Waits for the turn until `deadline`; nothing if it had not come by then.
  std::optional<Held> take(Deadline::Clock::time_point deadline);
  // How many calls are waiting for their turn now.
  int in_line() const;

 private:
  bool wait_for_turn(std::unique_lock<std::mutex>& lock, Deadline::Clock::time_point deadline);
  void free_turn();

  mutable std::mutex mutex_;
  std::condition_variable free_;
  bool busy_ = false;  // guarded by mutex_
  int waiting_ = 0;    // guarded by mutex_
};

}  // namespace rmi
