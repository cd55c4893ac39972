// The stage 2 demos as a user runs them: each server and client as separate processes on a
// real TCP port, their output checked against the lecture's and Pyro's examples.
#include <gtest/gtest.h>
#include <signal.h>

#include <climits>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "stage2_rmi/demo/tasks.hpp"
#include "stage2_rmi/rmi/proxy.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/contains.hpp"

using namespace std::chrono_literals;
using rmi::test::ChildProcess;
using rmi::test::contains;
using rmi::test::program_path;

namespace {

struct DemoRun {
  std::string client_output;
  std::string client_errors;
  std::string server_output;
  std::string server_errors;
};

// Runs one demo pair to the end: the server on a free port, the client against it, the
// server stopped with SIGTERM. Both must exit 0. Its waits add up to well under the grader's
// 60 s, so a demo that hangs fails here, with its output, rather than by the grader's timeout.
DemoRun run_demo(const std::string& server_name, const std::string& client_name,
                 const std::vector<std::string>& environment = {}) {
  ChildProcess server(program_path("stage2_rmi/" + server_name), {"--port", "0"}, environment);
  const rmi::Endpoint address = server.wait_ready(10s);
  ChildProcess client(program_path("stage2_rmi/" + client_name),
                      {"--host", address.host, "--port", std::to_string(address.port)},
                      environment);
  DemoRun run;
  run.client_output = client.read_rest(15s);
  EXPECT_EQ(client.wait_exit(5s), 0) << client.stderr_text();
  server.send_signal(SIGTERM);
  EXPECT_EQ(server.wait_exit(5s), 0) << "the server did not stop cleanly";
  run.server_output = server.read_rest(2s);
  run.client_errors = client.stderr_text();
  run.server_errors = server.stderr_text();
  return run;
}

}  // namespace

TEST(Stage2Demo, ABCShowOverridesAndEachObjectsOwnCounter) {
  const DemoRun run = run_demo("abc_server", "abc_client");
  EXPECT_TRUE(contains(run.client_output,
                       "round 1\n"
                       "A: x 42   (calls so far: 2)\n"
                       "B: y 42   (calls so far: 2)\n"
                       "C: x 24   (calls so far: 2)\n"
                       "round 2\n"
                       "A: x 42   (calls so far: 4)\n"
                       "B: y 42   (calls so far: 4)\n"
                       "C: x 24   (calls so far: 4)\n"));
  EXPECT_TRUE(contains(run.server_output,
                       "A.f() 0\nA.g(bar) 1\nB.f() 0\nA.g(bar) 1\nA.f() 0\nC.g(bar) 1\n"));
}

TEST(Stage2Demo, CalculatorResultsThenTheRemoteCrashArrivesAsAnException) {
  const DemoRun run = run_demo("calc_server", "calc_client");
  EXPECT_TRUE(
      contains(run.client_output,
               "999\n322\n122\n0.222222222222\n..........\nString1String2\n"
               "*** invoking server method that crashes ***\n"
               "remote exception: std::bad_any_cast: bad any_cast (raised by 'error void()' "
               "on object 1 at 127.0.0.1:"));
  EXPECT_TRUE(
      contains(run.client_output, "caught std::overflow_error: mul: the result does not fit"));
  EXPECT_TRUE(contains(run.client_output,
                       "caught rmi::NoSuchMethod: object 1 (demo::Calculator) "
                       "has no method 'pow'"));
  // A signature spelled by hand, and wrong, is refused naming the ones the server has; in the
  // words of the student's RMI.1c, which its contract leaves free.
  const std::size_t refusal = run.client_output.find("caught rmi::BadArguments: ");
  ASSERT_NE(refusal, std::string::npos) << run.client_output;
  const std::string line =
      run.client_output.substr(refusal, run.client_output.find('\n', refusal) - refusal);
  for (const char* part : {"div", "double(int, int)", "double(double, double)"})
    EXPECT_TRUE(contains(line, part)) << "the asked signature and the one bound";
  EXPECT_TRUE(
      contains(run.client_output, "div(2, 9) through &demo::Calculator::div = 0.222222222222"));
  EXPECT_TRUE(contains(run.client_output, "the client goes on: add(1, 2) = 3"));
  EXPECT_EQ(run.server_errors, "") << "in stage 2 a failed call is an answer, not a log line";
}

TEST(Stage2Demo, AgentRunsATaskByValueAsyncCallsAndAttributes) {
  const DemoRun run = run_demo("agent_server", "agent_client");
  const std::string& out = run.client_output;
  EXPECT_TRUE(contains(out, "SYSTEM INFO: "));
  EXPECT_TRUE(contains(out, "AVAILABLE CPU: "));
  EXPECT_TRUE(contains(out, "(meanwhile the client did other work)\nRESULT: 2\n"));
  EXPECT_TRUE(contains(out, "RESULT: 39\nLOCAL: 39\n"));
  EXPECT_TRUE(contains(out,
                       "a Minus is refused: a Minus arrived by value, but that class is not "
                       "registered here as a demo::Task (registered: Plus)"));
  EXPECT_TRUE(contains(out, "---- Attribute assignment ----\nobject.spam = eggs\n"));
  const auto info = out.find("SYSTEM INFO: ");
  const std::string description = out.substr(info + 13, out.find('\n', info) - info - 13);
  EXPECT_TRUE(contains(out, "object.info: " + description)) << "info is what environ() says";
}

TEST(Stage2Demo, TraceShowsObjectMethodAndReplyTag) {
  const DemoRun run = run_demo("calc_server", "calc_client", {"RMI_TRACE=1"});
  EXPECT_TRUE(contains(run.client_errors, "-> ObjectCall 60 B  mul int(int, int) on object 1"));
  EXPECT_TRUE(
      contains(run.client_errors, "<- TaggedReply 5 B  mul int(int, int) on object 1: value"));
  EXPECT_TRUE(
      contains(run.client_errors, "<- TaggedReply 46 B  error void() on object 1: exception"));
  EXPECT_TRUE(
      contains(run.server_errors, "-> TaggedReply 5 B  mul int(int, int) on object 1: value"));
  EXPECT_TRUE(
      contains(run.server_errors,
               "-> TaggedReply 46 B  error void() on object 1: exception std::bad_any_cast"));
}

TEST(Stage2Demo, CtrlCLetsTheCallInProgressFinishThenStops) {
  // With RMI_TRACE the server says on stderr when the call has arrived: then it is under way.
  ChildProcess server(program_path("stage2_rmi/agent_server"), {"--port", "0"}, {"RMI_TRACE=1"});
  const rmi::Endpoint address = server.wait_ready(10s);
  const rmi::Proxy agent(std::make_shared<rmi::Connection>(address), 1);
  auto result = agent.call_async<int>("longcalc", 2);  // a second of work
  const auto patience = std::chrono::steady_clock::now() + 5s;
  while (!contains(server.stderr_text(), "<- ObjectCall") &&
         std::chrono::steady_clock::now() < patience) {
    std::this_thread::yield();
  }
  server.send_signal(SIGINT);
  EXPECT_EQ(result.get(), 3) << "the call in progress was finished and answered";
  EXPECT_EQ(server.wait_exit(10s), 0) << server.stderr_text();
  EXPECT_TRUE(contains(server.read_rest(2s), "stopping on signal 2"));
}

TEST(Stage2Demo, AgentRefusesAnOverflowingTaskAndKeepsServing) {
  rmi::register_class<demo::Task, demo::Plus>("Plus");
  ChildProcess server(program_path("stage2_rmi/agent_server"), {"--port", "0"});
  const rmi::Proxy agent(std::make_shared<rmi::Connection>(server.wait_ready(10s)), 1);
  const rmi::ByValue<demo::Task> plus(std::make_shared<demo::Plus>());
  EXPECT_THROW(agent.call<int>("runtask", plus, INT_MAX, 1), std::overflow_error);
  EXPECT_EQ(agent.call<int>("runtask", plus, INT_MIN, INT_MAX), -1) << "and it goes on";
  server.send_signal(SIGTERM);
  EXPECT_EQ(server.wait_exit(10s), 0) << server.stderr_text();
}

TEST(Stage2Demo, PeerTextCannotForgeAReadyLine) {
  ChildProcess server(program_path("stage2_rmi/abc_server"), {"--port", "0"});
  const rmi::Proxy a(std::make_shared<rmi::Connection>(server.wait_ready(10s)), 1);
  EXPECT_EQ(a.call<int>("g", "x\nREADY 1.2.3.4:5"), 42);
  server.send_signal(SIGTERM);
  ASSERT_EQ(server.wait_exit(10s), 0);
  const std::string output = server.read_rest(2s);
  EXPECT_FALSE(contains(output, "\nREADY")) << output;
  EXPECT_TRUE(contains(output, "A.g(x\\x0aREADY 1.2.3.4:5) 0\n")) << "shown, escaped";
}
