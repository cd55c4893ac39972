#include "stage1_rpc/wire/payload_budget.hpp"

#include <utility>

#include "stage1_rpc/core/error.hpp"

namespace rmi {

PayloadBudget::Share::Share(Share&& other) noexcept
    : budget_(std::exchange(other.budget_, nullptr)),
      host_(std::move(other.host_)),
      bytes_(std::exchange(other.bytes_, 0)) {}

PayloadBudget::Share& PayloadBudget::Share::operator=(Share&& other) noexcept {
  if (this != &other) {
    release();
    budget_ = std::exchange(other.budget_, nullptr);
    host_ = std::move(other.host_);
    bytes_ = std::exchange(other.bytes_, 0);
  }
  return *this;
}

void PayloadBudget::Share::grow(std::size_t bytes) {
  if (budget_ == nullptr) return;  // a share of no budget: nothing is counted
  budget_->take(host_, bytes);
  bytes_ += bytes;
}

void PayloadBudget::Share::release() {
  if (budget_ != nullptr && bytes_ > 0) budget_->give_back(host_, std::exchange(bytes_, 0));
}

void PayloadBudget::take(const std::string& host, std::size_t bytes) {
  std::scoped_lock lock(mutex_);
  const std::size_t of_host = by_host_.contains(host) ? by_host_[host] : 0;
  if (of_host + bytes > host_limit_) {
    throw ProtocolError("a payload of " + std::to_string(bytes) + " bytes refused: the server " +
                        "already holds " + std::to_string(of_host) + " bytes of large payloads " +
                        "for " + host + " (limit " + std::to_string(host_limit_) + " per host)");
  }
  if (in_use_ + bytes > total_limit_) {
    throw ProtocolError("a payload of " + std::to_string(bytes) + " bytes refused: the server " +
                        "already holds " + std::to_string(in_use_) + " bytes of large payloads " +
                        "(limit " + std::to_string(total_limit_) + ")");
  }
  in_use_ += bytes;
  by_host_[host] = of_host + bytes;
}

void PayloadBudget::give_back(const std::string& host, std::size_t bytes) {
  std::scoped_lock lock(mutex_);
  in_use_ -= bytes;
  const auto entry = by_host_.find(host);
  if (entry != by_host_.end() && (entry->second -= bytes) == 0) by_host_.erase(entry);
}

}  // namespace rmi
