#include "stage1_rpc/rpc/running_calls.hpp"

#include <cstdio>

namespace rmi {

RunningCalls::Entry::Entry(RunningCalls& calls, const Endpoint& peer) : calls_(calls) {
  std::scoped_lock lock(calls_.mutex_);
  call_ = calls_.calls_.insert(calls_.calls_.end(),
                               Call{peer.to_string(), {}, std::chrono::steady_clock::now()});
}

RunningCalls::Entry::~Entry() {
  std::scoped_lock lock(calls_.mutex_);
  calls_.calls_.erase(call_);
}

void RunningCalls::Entry::name(std::string name) {
  std::scoped_lock lock(calls_.mutex_);
  call_->name = std::move(name);
}

std::vector<std::string> RunningCalls::describe() const {
  const auto now = std::chrono::steady_clock::now();
  std::scoped_lock lock(mutex_);
  std::vector<std::string> described;
  for (const Call& call : calls_) {
    const std::chrono::duration<double> running = now - call.started;
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.1f s", running.count());
    described.push_back((call.name.empty() ? "a call" : "'" + call.name + "'") + " from " +
                        call.peer + ", running for " + seconds);
  }
  return described;
}

std::size_t RunningCalls::size() const {
  std::scoped_lock lock(mutex_);
  return calls_.size();
}

}  // namespace rmi
