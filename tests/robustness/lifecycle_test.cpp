// The life of a server program (stage1_rpc/program/server_program.hpp), tested as a real process:
// the robustness target, as a stage 1 and a stage 2 server. It stops within the grace period
// even when a call never returns, at once on a second signal, and from one of its own calls; a
// client cannot make it overflow an int, nor fill its log by failing again and again.
#include <gtest/gtest.h>
#include <signal.h>

#include <climits>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "stage1_rpc/rpc/remote_function.hpp"
#include "stage2_rmi/rmi/proxy.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/contains.hpp"

using namespace rmi;
using namespace std::chrono_literals;
using rmi::test::ChildProcess;
using rmi::test::contains;

namespace {

class ProgramLifecycle : public testing::TestWithParam<int> {
 protected:
  int stage() const { return GetParam(); }

  void start(std::vector<std::string> extra = {}) {
    std::vector<std::string> arguments{"--stage", std::to_string(stage())};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    server_ =
        std::make_unique<ChildProcess>(test::program_path("tests/robustness_target"), arguments);
    endpoint_ = server_->wait_ready(10s);
  }

  // A call of `name` with these arguments, the way this stage's clients call: a function (stage
  // 1) or a method of object 1 (stage 2).
  template <class R, class... Args>
  R call_target(const std::shared_ptr<Connection>& connection, const std::string& name,
                const Args&... args) {
    if (stage() == 1) return call<R>(*connection, name, args...);
    return Proxy(connection, 1).call<R>(name, args...);
  }

  // Starts a call of hang() on a thread of its own and returns once it runs in the server.
  void start_hanging_call() {
    hanging_ = std::async(std::launch::async, [this] {
      const auto connection = std::make_shared<Connection>(endpoint_);
      try {
        call_target<int>(connection, "hang");
      } catch (const Error&) {
        // the server ended under it: expected
      }
    });
    ASSERT_EQ(server_->read_line(10s), "hang() entered");
  }

  void TearDown() override {
    if (HasFailure() && server_) std::cerr << "target server's log:\n" << server_->stderr_text();
  }

  std::future<void> hanging_;  // first: destroyed after the server process is killed
  std::unique_ptr<ChildProcess> server_;
  Endpoint endpoint_;
};

}  // namespace

TEST_P(ProgramLifecycle, StopEndsWithinTheGraceWhenACallNeverReturns) {
  start({"--stop-grace-ms", "300"});
  start_hanging_call();
  const auto started = std::chrono::steady_clock::now();
  server_->send_signal(SIGTERM);
  ASSERT_EQ(server_->wait_exit(10s), EXIT_FAILURE) << "it did not end, or ended as if all was well";
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
  const std::string log = server_->stderr_text();
  EXPECT_TRUE(contains(log, "stopped after waiting 300 ms; abandoned 1 call still running: 'hang"));
  EXPECT_TRUE(contains(log, "from 127.0.0.1:"));
}

TEST_P(ProgramLifecycle, SecondSignalWhileStoppingEndsAtOnce) {
  start({"--stop-grace-ms", "600000"});  // ten minutes: nobody waits that long
  start_hanging_call();
  server_->send_signal(SIGTERM);
  ASSERT_EQ(server_->read_line(10s), "stopping on signal 15");
  const auto started = std::chrono::steady_clock::now();
  server_->send_signal(SIGINT);
  EXPECT_EQ(server_->wait_exit(10s), 128 + SIGINT);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
  EXPECT_TRUE(contains(server_->stderr_text(), "signal 2 while stopping: ending now"));
}

TEST_P(ProgramLifecycle, RemoteShutdownEndsTheProgramWithExitZero) {
  start();
  const auto connection = std::make_shared<Connection>(endpoint_);
  EXPECT_EQ(call_target<int>(connection, "shutdown"), 0) << "the call itself is answered";
  EXPECT_EQ(server_->read_line(10s), "stopping: one of the server's calls asked it to stop");
  EXPECT_EQ(server_->wait_exit(10s), 0) << server_->stderr_text();
}

TEST_P(ProgramLifecycle, AddThatOverflowsIsRefusedAndTheServerGoesOn) {
  start();
  const auto connection = std::make_shared<Connection>(endpoint_);
  if (stage() == 1) {  // no exception replies in stage 1: the connection is closed, and logged
    EXPECT_THROW(call_target<int>(connection, "add", INT_MAX, 1), ConnectionError);
  } else {
    EXPECT_THROW(call_target<int>(connection, "add", INT_MAX, 1), std::overflow_error);
  }
  EXPECT_EQ(call_target<int>(connection, "add", INT_MIN, INT_MAX), -1);
  server_->send_signal(SIGTERM);
  EXPECT_EQ(server_->wait_exit(10s), 0);
  if (stage() == 1) {
    EXPECT_TRUE(contains(server_->stderr_text(), "std::overflow_error: add: the result does not"));
  }
}

TEST_P(ProgramLifecycle, ThousandsOfFailuresLeaveABoundedLogThatCountsThem) {
  start();
  const auto connection = std::make_shared<Connection>(endpoint_);
  int failures = 0;
  if (stage() == 1) {  // each failure closes the connection: the next call connects again
    for (failures = 0; failures < 500; ++failures)
      EXPECT_THROW(call_target<int>(connection, "fail"), ConnectionError);
  } else {  // one-way calls: nobody hears of their failure but the log
    const Proxy target(connection, 1);
    for (failures = 0; failures < 5000; ++failures)
      target.send("fail");
  }
  EXPECT_EQ(call_target<int>(connection, "add", 1, 2), 3) << "served after all of them";
  server_->send_signal(SIGTERM);
  ASSERT_EQ(server_->wait_exit(10s), 0);
  const std::string log = server_->stderr_text();
  EXPECT_LT(log.size(), 4096u) << "the log grew with every failure";
  EXPECT_TRUE(contains(log, "... " + std::to_string(failures - 5) + " more lines about 127.0.0.1"))
      << "the first five in full, and how many more";
}

INSTANTIATE_TEST_SUITE_P(Stage, ProgramLifecycle, testing::Values(1, 2),
                         [](const testing::TestParamInfo<int>& parameter) {
                           return "Stage" + std::to_string(parameter.param);
                         });
