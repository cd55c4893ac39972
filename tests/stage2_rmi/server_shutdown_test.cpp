// An object whose method stops the server it is exported from — a remote shutdown(), as Pyro's
// daemon offers and a lookup service needs — and exceptions of types that are not exceptions.
#include <gtest/gtest.h>

#include <future>
#include <memory>
#include <string>

#include "stage2_rmi/rmi/errors.hpp"
#include "stage2_rmi/rmi/object_server.hpp"
#include "stage2_rmi/rmi/proxy.hpp"
#include "tests/support/contains.hpp"
#include "tests/support/loopback.hpp"

using namespace rmi;

namespace {

// Exported from the server it stops.
class Stoppable {
 public:
  explicit Stoppable(ObjectServer& server) : server_(server) {}
  // Asks to stop and returns at once; the caller gets its answer.
  std::string shutdown() {
    server_.request_stop();
    return "stopping";
  }
  // The blocking form, called from inside a call: it must not wait for this call to end.
  std::string stop() {
    const StopReport report = server_.stop();
    return report.clean() ? "asked" : "abandoned calls";
  }
  int add(int a, int b) { return a + b; }
  void throw_string() { throw std::string("a std::string, thrown"); }

 private:
  ObjectServer& server_;
};

}  // namespace

template <>
struct rmi::Exposed<Stoppable> {
  static void members(Members<Stoppable>& expose) {
    expose.method("shutdown", &Stoppable::shutdown)
        .method("stop", &Stoppable::stop)
        .method("add", &Stoppable::add)
        .method("throw_string", &Stoppable::throw_string);
  }
};

namespace {

class RemoteShutdown : public testing::Test {
 protected:
  RemoteShutdown() {
    ServerOptions options;
    options.log = log_.logger();
    server_ = std::make_unique<ObjectServer>(options);
    server_->add(std::make_shared<Stoppable>(*server_), {.id = 1});
    server_->start();
  }

  // Calls `method` remotely; then the server must be stopping, and stop cleanly.
  std::string call_then_stop(const std::string& method) {
    const Proxy stoppable(std::make_shared<Connection>(server_->endpoint()), 1);
    const std::string answer = stoppable.call<std::string>(method);
    EXPECT_TRUE(server_->stop_token().stop_requested());
    EXPECT_TRUE(server_->stop().clean());
    EXPECT_THROW(stoppable.call<int>("add", 1, 2), ConnectionError) << "it no longer serves";
    return answer;
  }

  test::LogCollector log_;
  std::unique_ptr<ObjectServer> server_;
};

}  // namespace

TEST_F(RemoteShutdown, ShutdownMethodReturnsItsAnswerAndTheServerStops) {
  EXPECT_EQ(call_then_stop("shutdown"), "stopping");
}

TEST_F(RemoteShutdown, StopCalledInsideAMethodNeitherWaitsForItselfNorAborts) {
  EXPECT_EQ(call_then_stop("stop"), "asked");
}

TEST_F(RemoteShutdown, AThrownStdStringArrivesNamedAsWritten) {
  const Proxy stoppable(std::make_shared<Connection>(server_->endpoint()), 1);
  try {
    stoppable.call<void>("throw_string");
    FAIL() << "throw_string() must throw";
  } catch (const RemoteError& e) {
    EXPECT_EQ(e.remote_type(), "std::string") << e.what();
  }
}
