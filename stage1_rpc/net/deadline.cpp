#include "stage1_rpc/net/deadline.hpp"

#include <algorithm>
#include <climits>
#include <string>

#include "stage1_rpc/core/error.hpp"

namespace rmi {

Deadline::Deadline(std::optional<Clock::time_point> when, std::chrono::milliseconds limit)
    : when_(when), limit_(limit) {
  if (limit.count() <= 0) {
    throw Error("a time limit must be positive, not " + std::to_string(limit.count()) +
                " ms: there is no waiting for ever");
  }
}

Deadline Deadline::after(std::chrono::milliseconds limit) {
  return Deadline(Clock::now() + limit, limit);
}

Deadline Deadline::at(Clock::time_point when, std::chrono::milliseconds limit) {
  return Deadline(when, limit);
}

Deadline Deadline::within(std::chrono::milliseconds limit) {
  return Deadline(std::nullopt, limit);
}

int Deadline::remaining_ms() const {
  // Rounded up: a wait of 0.4 ms must not become poll(0), which would not wait at all.
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(remaining()).count();
  return static_cast<int>(std::min<long long>(left, INT_MAX));
}

std::chrono::microseconds Deadline::remaining() const {
  if (!when_) return limit_;
  const auto left = std::chrono::ceil<std::chrono::microseconds>(*when_ - Clock::now());
  return std::max(left, std::chrono::microseconds(0));
}

}  // namespace rmi
