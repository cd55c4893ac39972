#include "stage1_rpc/rpc/handshake_guard.hpp"

#include <algorithm>

namespace rmi {

std::optional<std::chrono::milliseconds> HandshakeGuard::pause_left(const std::string& host) {
  std::scoped_lock lock(mutex_);
  const auto found = hosts_.find(host);
  if (found == hosts_.end()) return std::nullopt;
  const auto left = found->second.until - Clock::now();
  if (left <= Clock::duration::zero()) return std::nullopt;
  return std::chrono::ceil<std::chrono::milliseconds>(left);
}

void HandshakeGuard::failed(const std::string& host) {
  std::scoped_lock lock(mutex_);
  if (hosts_.size() >= kMaxHosts && !hosts_.contains(host)) {
    const auto oldest = std::min_element(hosts_.begin(), hosts_.end(), [](auto& a, auto& b) {
      return a.second.until < b.second.until;
    });
    hosts_.erase(oldest);
  }
  Record& record = hosts_[host];
  record.failures = std::min(record.failures + 1, 16);
  const auto pause = std::min(kFirstPause * (1 << (record.failures - 1)), kLongestPause);
  record.until = Clock::now() + pause;
}

void HandshakeGuard::succeeded(const std::string& host) {
  std::scoped_lock lock(mutex_);
  hosts_.erase(host);
}

}  // namespace rmi
