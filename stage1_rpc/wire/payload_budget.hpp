#pragma once
// Memory for large payloads still on their way in, shared by all the connections of a server.
// A frame's announced length is checked against the frame limit, but many slow senders could
// each hold a frame just under it; a budget caps what they hold together. A frame larger than
// one read chunk takes its length from the budget while it arrives, and gives it back when it
// is in (or fails); a frame that does not fit is refused. Shared between threads: one atomic.
#include <atomic>
#include <cstddef>

namespace rmi {

class PayloadBudget {
 public:
  explicit PayloadBudget(std::size_t bytes) : limit_(bytes) {}

  // Returns the bytes to the budget when destroyed. Move-only, like every resource.
  class Share {
   public:
    Share() = default;
    Share(Share&& other) noexcept;
    Share& operator=(Share&& other) noexcept;
    ~Share();

   private:
    friend class PayloadBudget;
    Share(PayloadBudget* budget, std::size_t bytes) : budget_(budget), bytes_(bytes) {}
    PayloadBudget* budget_ = nullptr;
    std::size_t bytes_ = 0;
  };

  // Takes `bytes`, or throws ProtocolError if they do not fit.
  Share take(std::size_t bytes);
  std::size_t limit() const { return limit_; }

 private:
  std::atomic<std::size_t> in_use_{0};
  const std::size_t limit_;
};

}  // namespace rmi
