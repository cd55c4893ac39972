#include "stage2_rmi/rmi/turns.hpp"

namespace rmi {

std::optional<Turns::Held> Turns::take(Deadline::Clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  const bool waited = busy_;
  ++waiting_;
  const bool came = free_.wait_until(lock, deadline, [this] { return !busy_; });
  --waiting_;
  if (!came) return std::nullopt;
  busy_ = true;
  return Held(this, waited);
}

int Turns::in_line() const {
  std::scoped_lock lock(mutex_);
  return waiting_;
}

Turns::Held::~Held() {
  if (turns_ == nullptr) return;
  {
    std::scoped_lock lock(turns_->mutex_);
    turns_->busy_ = false;
  }
  turns_->free_.notify_one();
}

}  // namespace rmi
