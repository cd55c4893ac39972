#include "stage1_rpc/net/stop_signals.hpp"

#include <pthread.h>

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

int StopSignals::wait() {
  int signal_number = 0;
  while (sigwait(&stop_set_, &signal_number) != 0) {
  }
  return signal_number;
}

}  // namespace rmi
