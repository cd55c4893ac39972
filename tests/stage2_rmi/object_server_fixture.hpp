#pragma once
// A running object server for the stage 2 tests, on a free loopback port, with its log
// collected. Exported: 1 = A, 2 = B, 3 = C (all through A's interface), 4 = Counter,
// 5 = Trouble, 7 = a Gate (gate() opens it); functions: add(int, int), caller_port(int ms)
// (after ms milliseconds, the client's port of the connection the call came over),
// runtask(ByValue<Task>, int, int), runboth(ByValue<Task>, ByValue<Task>, int, int).
// Exporting happens in object_server_fixture.cpp, so test files that only call need not
// compile the server's templates.
#include <gtest/gtest.h>

#include <memory>

#include "stage1_rpc/rpc/connection.hpp"
#include "stage1_rpc/rpc/server.hpp"
#include "tests/support/loopback.hpp"

namespace rmi {
class ObjectServer;
}
namespace rmi::test {
class Gate;
}

namespace rmi::test {

class ObjectServerTest : public testing::Test {
 protected:
  ObjectServerTest();
  ~ObjectServerTest() override;
  void SetUp() override { restart(); }

  void restart(ServerOptions options = {});
  void stop_server();
  ObjectServer& server() { return *server_; }
  bool remove_object(std::uint64_t id);
  const Endpoint& server_endpoint() const;
  std::shared_ptr<Connection> connect(ClientOptions options = {});

  Gate& gate() { return *gate_; }

  LogCollector log_;

 private:
  std::shared_ptr<Gate> gate_;  // before server_: the server stops before the gate goes
  std::unique_ptr<ObjectServer> server_;
};

}  // namespace rmi::test
