#include "stage1_rpc/net/stop_signals.hpp"

#include <pthread.h>

#include <ctime>

namespace rmi {

StopSignals::StopSignals() {
  sigemptyset(&stop_set_);
  sigaddset(&stop_set_, SIGINT);
  sigaddset(&stop_set_, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_set_, &previous_);
}

StopSignals::~StopSignals() {
  pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
}

std::optional<int> StopSignals::wait(std::stop_token until) {
  // sigwait() waits for signals only. To notice a stop request as well, wait in slices of 50 ms
  // and look at `until` between them: a stop request is noticed within 50 ms, a signal at once.
  const timespec slice{0, 50'000'000};
  while (!until.stop_requested()) {
    const int signal_number = sigtimedwait(&stop_set_, nullptr, &slice);
    if (signal_number > 0) return signal_number;
  }
  return std::nullopt;
}

}  // namespace rmi
