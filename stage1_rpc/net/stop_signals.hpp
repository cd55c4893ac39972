#pragma once
// Clean stop on Ctrl-C (SIGINT) and `kill` (SIGTERM). Construct a StopSignals first thing in
// main, before any thread starts: it blocks both signals in this thread and so in every thread
// started later. Nothing then dies mid-call; instead wait() returns the signal that arrived and
// main stops its server in an orderly way. Restores the previous signal mask when destroyed.
// (program/server_program.hpp does all of this for a server program.)
#include <signal.h>

#include <optional>
#include <stop_token>

namespace rmi {

class StopSignals {
 public:
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  // Blocks until SIGINT or SIGTERM arrives and returns which; or returns nothing once `until`
  // is stopped (a server's stop_token(): one of its calls asked it to stop).
  std::optional<int> wait(std::stop_token until = {});

 private:
  sigset_t stop_set_;
  sigset_t previous_;
};

}  // namespace rmi
