#pragma once
// The memory a server holds for its peers in large payloads: requests arriving, requests being
// answered, replies not yet sent. The frame limit bounds one frame, but many peers could each
// hold frames just under it, or send large calls and never read the large replies; the budget
// caps what all peers hold together, and what one host holds, so that one host cannot starve the
// rest. Frames of at most one read chunk (64 KiB) are not charged: the connection limits bound
// them. Shared between connection threads: one mutex.       See lectures/1-rpc.md#access
#include <cstddef>
#include <map>
#include <mutex>
#include <string>

namespace rmi {

class PayloadBudget {
 public:
  PayloadBudget(std::size_t total_bytes, std::size_t bytes_per_host)
      : total_limit_(total_bytes), host_limit_(bytes_per_host) {}

  // What one connection holds for its peer, charged to the peer's host. Move-only; what it
  // holds goes back to the budget when it is released or destroyed.
  class Share {
   public:
    Share() = default;
    Share(Share&& other) noexcept;
    Share& operator=(Share&& other) noexcept;
    ~Share() { release(); }

    // Takes `bytes` more, or throws ProtocolError saying whose limit it would break.
    void grow(std::size_t bytes);
    void release();
    std::size_t bytes() const { return bytes_; }

   private:
    friend class PayloadBudget;
    Share(PayloadBudget* budget, std::string host) : budget_(budget), host_(std::move(host)) {}
    PayloadBudget* budget_ = nullptr;
    std::string host_;
    std::size_t bytes_ = 0;
  };

  // An empty share for a connection from `host`.
  Share open(std::string host) { return Share(this, std::move(host)); }

  std::size_t total_limit() const { return total_limit_; }
  std::size_t host_limit() const { return host_limit_; }

 private:
  void take(const std::string& host, std::size_t bytes);
  void give_back(const std::string& host, std::size_t bytes);

  const std::size_t total_limit_;
  const std::size_t host_limit_;
  std::mutex mutex_;
  std::size_t in_use_ = 0;                      // guarded by mutex_
  std::map<std::string, std::size_t> by_host_;  // guarded by mutex_; hosts holding nothing leave
};

}  // namespace rmi
