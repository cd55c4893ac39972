// Stopping a server whose calls do not cooperate: a function that never returns (stop() gives up
// after the grace period and says which call it abandoned), and a function that stops its own
// server (it must neither wait for itself nor abort the process); and calls a client sent ahead,
// which a stopping server does not serve.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <latch>
#include <memory>
#include <span>
#include <string>
#include <thread>

#include "stage1_rpc/rpc/function_server.hpp"
#include "stage1_rpc/rpc/remote_function.hpp"
#include "stage1_rpc/wire/codec.hpp"
#include "tests/support/contains.hpp"
#include "tests/support/loopback.hpp"

using namespace rmi;
using namespace std::chrono_literals;

namespace {

constexpr auto kGrace = 200ms;

// A server with a function that blocks until the test releases it: "never returns", as far as
// stop() can tell. The test releases it at the end, so that the destructor's join can finish.
class StuckCall : public testing::TestWithParam<ConnectionPolicy> {
 protected:
  StuckCall() {
    ServerOptions options;
    options.policy = GetParam();
    options.stop_grace = kGrace;
    options.log = log_.logger();
    server_ = std::make_unique<FunctionServer>(options);
    server_->bind("hang", [this] {
      entered_.count_down();
      released_.wait();
      return 1;
    });
    server_->start();
  }
  ~StuckCall() override {
    release_.set_value();
    if (call_.valid()) call_.wait();
  }

  // Makes the call on a thread of its own and returns once it runs inside the server.
  void start_hanging_call() {
    ClientOptions options;
    options.connect_per_call = GetParam() == ConnectionPolicy::OneCallPerConnection;
    auto connection = std::make_shared<Connection>(server_->endpoint(), options);
    call_ = std::async(std::launch::async, [connection] {
      try {
        call<int>(*connection, "hang");
      } catch (const Error&) {
        // cut off when the server gives up on it: expected
      }
    });
    entered_.wait();
  }

  test::LogCollector log_;
  std::latch entered_{1};
  std::promise<void> release_;
  std::shared_future<void> released_ = release_.get_future().share();
  std::future<void> call_;
  std::unique_ptr<FunctionServer> server_;
};

}  // namespace

TEST_P(StuckCall, StopReturnsAfterTheGraceAndNamesTheCallItAbandons) {
  start_hanging_call();
  const auto started = std::chrono::steady_clock::now();
  auto stopping = std::async(std::launch::async, [this] { return server_->stop(); });
  ASSERT_EQ(stopping.wait_for(kGrace + 3s), std::future_status::ready)
      << "stop() waited for a call that never returns";
  EXPECT_GE(std::chrono::steady_clock::now() - started, kGrace) << "it did not wait the grace";
  const StopReport report = stopping.get();
  ASSERT_EQ(report.abandoned.size(), 1u);
  EXPECT_TRUE(test::contains(report.abandoned[0], "'hang int()' from 127.0.0.1:"));
  const std::string line = log_.wait_for("abandoned");
  EXPECT_TRUE(test::contains(line, "abandoned 1 call still running: 'hang int()' from 127.0.0.1:"));
  EXPECT_TRUE(server_->stop().abandoned.size() == 1) << "a second stop() reports the same";
}

INSTANTIATE_TEST_SUITE_P(BothPolicies, StuckCall,
                         testing::Values(ConnectionPolicy::Persistent,
                                         ConnectionPolicy::OneCallPerConnection),
                         [](const testing::TestParamInfo<ConnectionPolicy>& parameter) {
                           return parameter.param == ConnectionPolicy::Persistent ? "Persistent"
                                                                                  : "LectureLoop";
                         });

// A function that stops the server it runs in: the remote shutdown() of issue 8.
class SelfStop : public testing::Test {
 protected:
  SelfStop() {
    ServerOptions options;
    options.log = log_.logger();
    server_ = std::make_unique<FunctionServer>(options);
    server_->bind("request_stop", [this] {
      server_->request_stop();
      return 1;
    });
    server_->bind("stop", [this] {
      return static_cast<int>(server_->stop().abandoned.size());  // must not wait for itself
    });
    server_->bind("add", [](int a, int b) { return a + b; });
    server_->start();
  }

  int call_and_wait_for_the_stop(const std::string& name) {
    Connection connection(server_->endpoint());
    const int result = call<int>(connection, name);
    EXPECT_TRUE(server_->stop_token().stop_requested());
    EXPECT_TRUE(server_->stop().clean()) << "nothing is left running";
    EXPECT_THROW(call<int>(connection, "add", 1, 2), ConnectionError) << "no longer serving";
    return result;
  }

  test::LogCollector log_;
  std::unique_ptr<FunctionServer> server_;
};

TEST_F(SelfStop, RequestStopFromAFunctionReturnsItsValueAndTheServerStops) {
  EXPECT_EQ(call_and_wait_for_the_stop("request_stop"), 1);
}

TEST_F(SelfStop, StopFromAFunctionDoesNotWaitForItselfNorAbort) {
  EXPECT_EQ(call_and_wait_for_the_stop("stop"), 0);
}

TEST_F(SelfStop, StopTokenWakesAWaiterWhenAFunctionAsksToStop) {
  std::promise<void> woken;
  std::stop_callback on_stop(server_->stop_token(), [&woken] { woken.set_value(); });
  Connection connection(server_->endpoint());
  EXPECT_EQ(call<int>(connection, "request_stop"), 1);
  EXPECT_EQ(woken.get_future().wait_for(test::kPatience), std::future_status::ready);
}

// A client may send calls ahead without waiting for each reply; the server's reader then holds
// several at once. Stopping ends the connection after the call in progress: the calls still
// held are not served, or stop() would wait for all of them (here 20 × 100 ms).
TEST(StopWithCallsSentAhead, EndsTheConnectionAfterTheCallInProgress) {
  ServerOptions options;
  options.stop_grace = 5s;
  test::LogCollector log;
  options.log = log.logger();
  FunctionServer server(options);
  std::atomic<int> made = 0;
  server.bind("slow", [&made] {
    ++made;
    std::this_thread::sleep_for(100ms);
    return 1;
  });
  server.start();

  OutFrame call_frame(MessageKind::Call);
  {
    OutArchive out(call_frame);
    out << std::string("slow") << std::string("int()");
  }
  const std::span<const char> one = call_frame.seal();
  std::string twenty;
  for (int i = 0; i < 20; ++i)
    twenty.append(one.begin(), one.end());
  Socket raw = test::raw_connect(server.endpoint());
  test::send_raw(raw, twenty);  // small frames: they arrive together and are read together
  while (made == 0)
    std::this_thread::sleep_for(1ms);

  const auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(server.stop().clean());
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s) << "it served the calls sent ahead";
  EXPECT_LT(made, 5) << "calls were served after stop()";
}
