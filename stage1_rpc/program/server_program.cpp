#include "stage1_rpc/program/server_program.hpp"

#include <cstdlib>
#include <iostream>
#include <optional>
#include <thread>

#include "stage1_rpc/program/program.hpp"

namespace rmi {

// (A signal's disposition, unlike its mask, is the same for every thread: order does not matter.)
ServerProgram::ServerProgram(std::string name) : log_(log_to_stderr(std::move(name))) {
  ignore_broken_pipes();
}

int ServerProgram::serve(const Endpoint& endpoint, std::stop_token stop_requested,
                         const std::function<StopReport()>& stop) {
  std::cout << "READY " << endpoint.to_string() << std::endl;

  if (const std::optional<int> signal_number = signals_.wait(stop_requested)) {
    std::cout << "stopping on signal " << *signal_number << std::endl;
  } else {
    std::cout << "stopping: one of the server's calls asked it to stop" << std::endl;
  }

  // Stopping may take the whole grace period. It runs on a thread of its own, so that this one
  // can still hear a second signal.
  std::stop_source stopped;
  StopReport report;
  std::jthread stopper([&stop, &report, &stopped] {
    report = stop();
    stopped.request_stop();
  });
  if (const std::optional<int> again = signals_.wait(stopped.get_token())) {
    log_("signal " + std::to_string(*again) +
         " while stopping: ending now, without waiting for the calls in progress");
    end_now(128 + *again);
  }
  stopper.join();

  if (!report.clean()) {
    log_("ending now: " + std::to_string(report.abandoned.size()) +
         " abandoned call(s) still running (the line above says which)");
    end_now(EXIT_FAILURE);
  }
  return EXIT_SUCCESS;
}

}  // namespace rmi
