#pragma once
// A running function server for the server tests, on a free loopback port, with a few functions
// bound and its log collected. Binding happens in function_server_fixture.cpp, so the test files
// that only call need not include (and recompile with) the server's templates.
#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <memory>

#include "stage1_rpc/rpc/connection.hpp"
#include "stage1_rpc/rpc/server.hpp"
#include "tests/support/loopback.hpp"

namespace rmi {
class FunctionServer;
}

namespace rmi::test {

struct Point {
  int x = 0;
  int y = 0;
  template <class Archive>
  void serialize(Archive& archive, unsigned) {
    archive& x& y;
  }
};

// Bound functions: add (int and std::string), mirror(Point), count(), reset(int), fail() and
// throw_int() (which throw), sleep_ms(int), enter_then_sleep_ms(int) (counts entered_ down
// first) and big(int) (a text of that many bytes).
class FunctionServerTest : public testing::Test {
 protected:
  FunctionServerTest();
  ~FunctionServerTest() override;
  void SetUp() override { restart(ConnectionPolicy::Persistent); }

  // Stops the server, if one runs, and starts a new one with these options.
  void restart(ConnectionPolicy policy, ServerOptions options = {});
  void stop_server();
  FunctionServer& server() { return *server_; }
  const Endpoint& server_endpoint() const;

  // A client with its own connection (call timeout kPatience unless given).
  std::shared_ptr<Connection> connect(ClientOptions options = {});
  // A good call on a fresh connection: the server is alive and serving.
  void expect_serving();

  LogCollector log_;
  std::atomic<int> count_{0};
  std::latch entered_{1};

 private:
  std::unique_ptr<FunctionServer> server_;
};

}  // namespace rmi::test
