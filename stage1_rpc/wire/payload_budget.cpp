#include "stage1_rpc/wire/payload_budget.hpp"

#include <string>
#include <utility>

#include "stage1_rpc/core/error.hpp"

namespace rmi {

PayloadBudget::Share::Share(Share&& other) noexcept
    : budget_(std::exchange(other.budget_, nullptr)), bytes_(other.bytes_) {}

PayloadBudget::Share& PayloadBudget::Share::operator=(Share&& other) noexcept {
  if (this != &other) {
    if (budget_ != nullptr) budget_->in_use_ -= bytes_;
    budget_ = std::exchange(other.budget_, nullptr);
    bytes_ = other.bytes_;
  }
  return *this;
}

PayloadBudget::Share::~Share() {
  if (budget_ != nullptr) budget_->in_use_ -= bytes_;
}

PayloadBudget::Share PayloadBudget::take(std::size_t bytes) {
  std::size_t used = in_use_.load();
  do {
    if (used + bytes > limit_) {
      throw ProtocolError("a frame of " + std::to_string(bytes) + " bytes refused: the server " +
                          "already receives " + std::to_string(used) + " bytes of large frames " +
                          "(limit " + std::to_string(limit_) + ")");
    }
  } while (!in_use_.compare_exchange_weak(used, used + bytes));
  return Share(this, bytes);
}

}  // namespace rmi
