#pragma once
// Anyone who can reach a server can make it write to its log: every refused connection and every
// failed call is a line. Five thousand failing calls must not mean five thousand lines, so lines
// about peers go through a PeerLog, which passes on only so many in each interval (10 s):
//   - from one host, the first `per_host` lines;
//   - from all hosts together, the first `in_total` lines;
// and counts the rest. When the interval is over (noticed at the next line, or at flush(), which
// a server calls when it stops) it writes what it left out, at most one line per host:
//   [calc_server] ... 4995 more lines about 10.0.0.2 in the last 10.0 s, left out of the log
// Memory is bounded as well: at most `max_hosts` hosts are counted one by one; the rest count
// together as "other hosts".
//
// Shared by every connection thread of a server, so it owns one mutex. See lectures/1-rpc.md#access
#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "stage1_rpc/core/log.hpp"

namespace rmi {

struct PeerLogLimits {
  std::size_t per_host = 5;
  std::size_t in_total = 20;
  std::chrono::milliseconds interval{10'000};
  std::size_t max_hosts = 1024;
  std::size_t max_line_length = 1000;  // longer lines are cut, with "..."
};

class PeerLog {
 public:
  using Clock = std::chrono::steady_clock;

  // `now` is the clock; tests pass one they can move forward.
  explicit PeerLog(Logger out, PeerLogLimits limits = {},
                   std::function<Clock::time_point()> now = Clock::now);
  ~PeerLog();  // flushes
  PeerLog(const PeerLog&) = delete;
  PeerLog& operator=(const PeerLog&) = delete;

  // Logs `line`, which is about `host`, or counts it.
  void operator()(const std::string& host, std::string_view line);
  // Writes what was left out so far, and starts a new interval.
  void flush();

 private:
  struct Count {
    std::size_t lines = 0;     // in this interval
    std::size_t left_out = 0;  // of which not written
  };
  void start_interval_if_over(Clock::time_point now);
  void write_summaries(Clock::time_point now);

  Logger out_;
  PeerLogLimits limits_;
  std::function<Clock::time_point()> now_;
  std::mutex mutex_;  // guards everything below
  Clock::time_point interval_start_;
  std::size_t written_ = 0;  // lines written in this interval, from all hosts
  std::map<std::string, Count, std::less<>> hosts_;
  Count other_hosts_;  // hosts beyond max_hosts
};

}  // namespace rmi
