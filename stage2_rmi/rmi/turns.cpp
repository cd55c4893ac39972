#include "stage2_rmi/rmi/turns.hpp"

#include <string>

#include "stage1_rpc/core/error.hpp"

namespace rmi {

// One held turn, at a fixed address for the thread's list of what it holds: it is let go while
// the thread waits for a reply from another process, and taken back before the thread goes on.
class Turns::Holding : public Releasable {
 public:
  Holding(Turns& turns, Deadline::Clock::time_point deadline)
      : turns_(turns), deadline_(deadline), registration_(*this) {}
  ~Holding() override {
    if (held_) turns_.free_turn();
  }

  void release() override {
    if (!held_) return;
    held_ = false;
    turns_.free_turn();
  }

  void take_back() override {
    if (held_) return;
    std::unique_lock lock(turns_.mutex_);
    if (!turns_.wait_for_turn(lock, deadline_)) {
      throw Timeout(
          "the object's turn did not come back before its caller's deadline: other "
          "calls held it while this call waited for another process");
    }
    held_ = true;
  }

 private:
  Turns& turns_;
  const Deadline::Clock::time_point deadline_;  // the call's: it takes the turn back until then
  bool held_ = true;
  HeldWhileRunning registration_;  // last: registered once the rest is ready
};

Turns::Held::Held(std::unique_ptr<Holding> holding, bool waited)
    : holding_(std::move(holding)), waited_(waited) {}

Turns::Held::~Held() = default;

bool Turns::wait_for_turn(std::unique_lock<std::mutex>& lock,
                          Deadline::Clock::time_point deadline) {
  ++waiting_;
  const bool came = free_.wait_until(lock, deadline, [this] { return !busy_; });
  --waiting_;
  if (came) busy_ = true;
  return came;
}

void Turns::free_turn() {
  {
    std::scoped_lock lock(mutex_);
    busy_ = false;
  }
  free_.notify_one();
}

std::optional<Turns::Held> Turns::take(Deadline::Clock::time_point deadline) {
  bool waited = false;
  {
    std::unique_lock lock(mutex_);
    waited = busy_;
    if (!wait_for_turn(lock, deadline)) return std::nullopt;
  }
  return Held(std::make_unique<Holding>(*this, deadline), waited);
}

int Turns::in_line() const {
  std::scoped_lock lock(mutex_);
  return waiting_;
}

}  // namespace rmi
