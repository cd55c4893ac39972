// Calls through the function server end to end, over real loopback sockets: results, state,
// user types, refusals and failures (logged, and the caller told), many clients at once.
#include <gtest/gtest.h>

#include <future>
#include <stdexcept>
#include <string>
#include <vector>

#include "stage1_rpc/rpc/remote_function.hpp"
#include "tests/support/contains.hpp"

#include "tests/stage1_rpc/function_server_fixture.hpp"

using namespace rmi;
using namespace std::chrono_literals;
using rmi::test::FunctionServerTest;
using rmi::test::Point;

TEST_F(FunctionServerTest, RemoteFunctionCallsLikeALocalFunction) {
  RemoteFunction<int(int, int)> add(connect(), "add");
  EXPECT_EQ(add(100, 222), 322);
  EXPECT_EQ(add.signature(), "int(int, int)");
}

TEST_F(FunctionServerTest, QuickCallTakesTheSignatureFromTheArguments) {
  auto server = connect();
  EXPECT_EQ(call<int>(*server, "add", 1, 2), 3);
  EXPECT_EQ(call<std::string>(*server, "add", "String1", "String2"), "String1String2");
}

TEST_F(FunctionServerTest, VoidFunctionsAndStateOnTheServer) {
  auto server = connect();
  call<void>(*server, "reset", 10);
  EXPECT_EQ(call<int>(*server, "count"), 11);
  EXPECT_EQ(call<int>(*server, "count"), 12);
}

TEST_F(FunctionServerTest, UserTypesTravelByValue) {
  RemoteFunction<Point(Point)> mirror(connect(), "mirror");
  const Point p = mirror(Point{1, 2});
  EXPECT_EQ(p.x, 2);
  EXPECT_EQ(p.y, 1);
}

TEST_F(FunctionServerTest, ManyCallsShareOneConnection) {
  RemoteFunction<int(int, int)> add(connect(), "add");
  for (int i = 0; i < 200; ++i)
    ASSERT_EQ(add(i, i), 2 * i);
}

TEST_F(FunctionServerTest, UnknownNameIsLoggedAndTheCallerToldClearly) {
  try {
    call<int>(*connect(), "divide", 1, 2);
    FAIL() << "an unbound name must not return";
  } catch (const ConnectionError& e) {
    EXPECT_TRUE(test::contains(e.what(),
                               "call 'divide int(int, int)' to " + server_endpoint().to_string()));
    EXPECT_TRUE(test::contains(e.what(), "closed the connection without replying"));
  }
  EXPECT_TRUE(test::contains(log_.wait_for("divide"), "no function named 'divide'"));
  expect_serving();
}

TEST_F(FunctionServerTest, WrongSignatureIsLoggedNamingBothSignatures) {
  EXPECT_THROW(call<double>(*connect(), "add", 1.5, 2.5), ConnectionError);
  const std::string line = log_.wait_for("double(double, double)");
  EXPECT_TRUE(test::contains(line, "int(int, int)"));
  EXPECT_TRUE(test::contains(line, "std::string(std::string, std::string)"));
  expect_serving();
}

TEST_F(FunctionServerTest, ExceptionInAFunctionIsLoggedWithItsTypeAndTheServerSurvives) {
  EXPECT_THROW(call<int>(*connect(), "fail"), ConnectionError);
  EXPECT_TRUE(test::contains(log_.wait_for("fail"), "std::out_of_range: index 7 of 3"));
  EXPECT_THROW(call<int>(*connect(), "throw_int"), ConnectionError);
  EXPECT_TRUE(test::contains(log_.wait_for("throw_int"), "not a std::exception"));
  expect_serving();
}

TEST_F(FunctionServerTest, ConnectionIsReplacedAfterAFailedCall) {
  auto server = connect();
  EXPECT_THROW(call<int>(*server, "fail"), ConnectionError);
  EXPECT_EQ(call<int>(*server, "add", 20, 22), 42) << "the same Connection object connects again";
}

TEST_F(FunctionServerTest, EightClientsAtOnceEachGetTheirOwnAnswers) {
  std::vector<std::future<bool>> clients;
  for (int c = 0; c < 8; ++c) {
    clients.push_back(std::async(std::launch::async, [this, c] {
      RemoteFunction<int(int, int)> add(connect(), "add");
      for (int i = 0; i < 200; ++i) {
        if (add(c * 1000, i) != c * 1000 + i) return false;
      }
      return true;
    }));
  }
  for (auto& client : clients)
    EXPECT_TRUE(client.get());
}
