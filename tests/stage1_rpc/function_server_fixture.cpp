#include "tests/stage1_rpc/function_server_fixture.hpp"

#include <stdexcept>
#include <string>
#include <thread>

#include "stage1_rpc/rpc/function_server.hpp"
#include "stage1_rpc/rpc/remote_function.hpp"

namespace rmi::test {

FunctionServerTest::FunctionServerTest() = default;
FunctionServerTest::~FunctionServerTest() = default;

void FunctionServerTest::restart(ConnectionPolicy policy, ServerOptions options) {
  server_.reset();
  options.policy = policy;
  options.log = log_.logger();
  server_ = std::make_unique<FunctionServer>(options);
  server_->bind("add", [](int a, int b) { return a + b; });
  server_->bind("add", [](const std::string& a, const std::string& b) { return a + b; });
  server_->bind("mirror", [](Point p) { return Point{p.y, p.x}; });
  server_->bind("count", [this] { return ++count_; });
  server_->bind("reset", [this](int value) { count_ = value; });
  server_->bind("fail", []() -> int { throw std::out_of_range("index 7 of 3"); });
  server_->bind("throw_int", []() -> int { throw 42; });
  server_->bind("sleep_ms", [](int ms) {
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    return ms;
  });
  server_->bind("enter_then_sleep_ms", [this](int ms) {
    entered_.count_down();
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    return ms;
  });
  server_->bind("big", [](int bytes) { return std::string(static_cast<std::size_t>(bytes), 'b'); });
  server_->start();
}

void FunctionServerTest::stop_server() {
  if (server_) server_->stop();
}

const Endpoint& FunctionServerTest::server_endpoint() const {
  return server_->endpoint();
}

std::shared_ptr<Connection> FunctionServerTest::connect(ClientOptions options) {
  if (options.call_timeout == ClientOptions{}.call_timeout) options.call_timeout = kPatience;
  return std::make_shared<Connection>(server_->endpoint(), options);
}

void FunctionServerTest::expect_serving() {
  SCOPED_TRACE("a good call after the attack");
  EXPECT_EQ(call<int>(*connect(), "add", 2, 3), 5);
}

}  // namespace rmi::test
