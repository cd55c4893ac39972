#include "stage1_rpc/rpc/running_calls.hpp"

#include <algorithm>
#include <cstdio>

namespace rmi {

RunningCalls::Entry::Entry(RunningCalls& calls, const Endpoint& peer) : calls_(calls) {
  Endpoint who = peer;
  std::scoped_lock lock(calls_.mutex_);
  line_ = calls_.lines_.insert(calls_.lines_.end(), Line{std::move(who), false, {}, {}});
}

RunningCalls::Entry::~Entry() {
  std::scoped_lock lock(calls_.mutex_);
  calls_.lines_.erase(line_);
}

RunningCalls::Call::Call(Entry& entry) : entry_(entry) {
  const auto now = std::chrono::steady_clock::now();
  std::scoped_lock lock(entry_.calls_.mutex_);
  entry_.line_->running = true;
  entry_.line_->started = now;
}

RunningCalls::Call::~Call() {
  std::scoped_lock lock(entry_.calls_.mutex_);
  entry_.line_->running = false;
  entry_.line_->name.clear();  // keeps its memory for the connection's next call
}

void RunningCalls::Call::name(std::string_view name) {
  std::scoped_lock lock(entry_.calls_.mutex_);
  entry_.line_->name.assign(name);
}

std::vector<std::string> RunningCalls::describe() const {
  const auto now = std::chrono::steady_clock::now();
  std::scoped_lock lock(mutex_);
  std::vector<const Line*> running;
  for (const Line& line : lines_) {
    if (line.running) running.push_back(&line);
  }
  std::sort(running.begin(), running.end(),
            [](const Line* a, const Line* b) { return a->started < b->started; });
  std::vector<std::string> described;
  for (const Line* call : running) {
    const std::chrono::duration<double> running_for = now - call->started;
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.1f s", running_for.count());
    described.push_back((call->name.empty() ? "a call" : "'" + call->name + "'") + " from " +
                        call->peer.to_string() + ", running for " + seconds);
  }
  return described;
}

std::size_t RunningCalls::size() const {
  std::scoped_lock lock(mutex_);
  return static_cast<std::size_t>(
      std::count_if(lines_.begin(), lines_.end(), [](const Line& line) { return line.running; }));
}

}  // namespace rmi
