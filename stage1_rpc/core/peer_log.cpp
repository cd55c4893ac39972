#include "stage1_rpc/core/peer_log.hpp"

#include <cstdio>

namespace rmi {

namespace {

// How many hosts get a summary line of their own; the others share one.
constexpr std::size_t kSummaryLines = 10;

std::string seconds_since(PeerLog::Clock::time_point start, PeerLog::Clock::time_point now) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", std::chrono::duration<double>(now - start).count());
  return text;
}

}  // namespace

PeerLog::PeerLog(Logger out, PeerLogLimits limits, std::function<Clock::time_point()> now)
    : out_(std::move(out)), limits_(limits), now_(std::move(now)), interval_start_(now_()) {}

PeerLog::~PeerLog() {
  flush();
}

void PeerLog::operator()(const std::string& host, std::string_view line) {
  std::scoped_lock lock(mutex_);
  start_interval_if_over(now_());
  auto found = hosts_.find(host);
  if (found == hosts_.end() && hosts_.size() < limits_.max_hosts) {
    found = hosts_.emplace(host, Count{}).first;
  }
  Count& count = found != hosts_.end() ? found->second : other_hosts_;
  ++count.lines;
  if (count.lines > limits_.per_host || written_ >= limits_.in_total) {
    ++count.left_out;
    return;
  }
  ++written_;
  if (line.size() <= limits_.max_line_length) {
    out_(line);
  } else {
    out_(std::string(line.substr(0, limits_.max_line_length)) + "...");
  }
}

void PeerLog::flush() {
  std::scoped_lock lock(mutex_);
  const auto now = now_();
  write_summaries(now);
  hosts_.clear();
  other_hosts_ = {};
  written_ = 0;
  interval_start_ = now;
}

void PeerLog::start_interval_if_over(Clock::time_point now) {
  if (now - interval_start_ < limits_.interval) return;
  write_summaries(now);
  hosts_.clear();  // a new interval counts afresh, and forgets the hosts of the last one
  other_hosts_ = {};
  written_ = 0;
  interval_start_ = now;
}

// At most kSummaryLines + 1 lines, however many hosts there were.
void PeerLog::write_summaries(Clock::time_point now) {
  const std::string period = " in the last " + seconds_since(interval_start_, now);
  std::size_t summarised = 0;
  std::size_t rest = other_hosts_.left_out;
  for (const auto& [host, count] : hosts_) {
    if (count.left_out == 0) continue;
    if (summarised < kSummaryLines) {
      out_("... " + std::to_string(count.left_out) + " more lines about " + host + period +
           ", left out of the log");
      ++summarised;
    } else {
      rest += count.left_out;
    }
  }
  if (rest > 0) {
    out_("... " + std::to_string(rest) + " more lines about other hosts" + period +
         ", left out of the log");
  }
}

}  // namespace rmi
