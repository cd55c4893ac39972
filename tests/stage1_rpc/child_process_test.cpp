// The tests' own process runner (tests/support/child_process.hpp): whatever happens to the test
// program, the demo processes it started must not outlive it.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/child_process.hpp"
#include "tests/support/contains.hpp"

using namespace std::chrono_literals;

namespace {

// Whether `pid` is a live process (a zombie is not: it has ended, and only waits to be reaped).
bool alive(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  if (!std::getline(stat, text)) return false;
  const auto state = text.rfind(')');
  return state != std::string::npos && state + 2 < text.size() && text[state + 2] != 'Z' &&
         text[state + 2] != 'X';
}

// The state letter of each of `pid`'s threads ('T': stopped).
std::string thread_states(pid_t pid) {
  std::string states;
  for (const auto& task :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task")) {
    std::ifstream stat(task.path() / "stat");
    std::string text;
    std::getline(stat, text);
    const auto state = text.rfind(')');
    if (state != std::string::npos && state + 2 < text.size()) states += text[state + 2];
  }
  return states;
}

}  // namespace

// A test that stops a program to make it hang must know it has stopped: kill() only starts the
// stop, and the program's other threads run on until one of them has stopped them all.
TEST(ChildProcess, SuspendReturnsOnceEveryThreadOfTheProgramHasStopped) {
  rmi::test::ChildProcess server(rmi::test::program_path("stage1_rpc/calc_server"),
                                 {"--port", "0"});
  server.wait_ready(10s);
  for (int round = 0; round < 20; ++round) {
    server.suspend(10s);
    const std::string states = thread_states(server.pid());
    ASSERT_GT(states.size(), 1u) << "calc_server has more than one thread";
    EXPECT_EQ(states, std::string(states.size(), 'T')) << "round " << round;
    server.resume();
  }
}

TEST(ChildProcess, DiesWithTheProgramThatStartedItWhenNoDestructorRuns) {
  int report[2];
  ASSERT_EQ(::pipe(report), 0);
  // The middle process stands in for a test program that a timeout kills with SIGKILL: it
  // starts a long-running process, says which, and waits to be killed.
  const pid_t middle = ::fork();
  ASSERT_GE(middle, 0);
  if (middle == 0) {
    ::close(report[0]);
    rmi::test::ChildProcess sleeper("/bin/sleep", {"30"});
    const pid_t pid = sleeper.pid();
    if (::write(report[1], &pid, sizeof pid) != sizeof pid) ::_exit(1);
    for (;;)
      ::pause();
  }
  ::close(report[1]);
  pid_t sleeper = -1;
  pollfd waiting{report[0], POLLIN, 0};
  const bool reported = ::poll(&waiting, 1, 10'000) == 1 &&
                        ::read(report[0], &sleeper, sizeof sleeper) == sizeof sleeper;
  ::close(report[0]);
  ::kill(middle, SIGKILL);
  ::waitpid(middle, nullptr, 0);
  ASSERT_TRUE(reported) << "the middle process never said which process it started";

  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (alive(sleeper) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  const bool survived = alive(sleeper);
  if (survived) ::kill(sleeper, SIGKILL);
  EXPECT_FALSE(survived) << "pid " << sleeper << " outlived the program that started it";
}

namespace {

// What wait_ready says of a program that never prints READY.
std::string why_not_ready(rmi::test::ChildProcess& program, std::chrono::milliseconds timeout) {
  try {
    program.wait_ready(timeout);
    return "it printed READY";
  } catch (const std::runtime_error& e) {
    return e.what();
  }
}

}  // namespace

// A grade row shows this message: a program that hangs before it is ready once read only
// "no READY line from pid N; its stderr: ", which told a student nothing.
TEST(ChildProcess, NoReadyLineSaysWhetherTheProgramEndedOrHangs) {
  rmi::test::ChildProcess hangs("/bin/sleep", {"30"});
  const std::string hung = why_not_ready(hangs, 300ms);
  EXPECT_TRUE(rmi::test::contains(hung, "sleep (pid " + std::to_string(hangs.pid()) +
                                            ") is still running after 300 ms, so it hangs"))
      << hung;
  rmi::test::ChildProcess fails("/bin/sh", {"-c", "echo refused >&2; exit 3"});
  const std::string ended = why_not_ready(fails, 10s);
  EXPECT_TRUE(rmi::test::contains(ended, "sh (pid " + std::to_string(fails.pid()) +
                                             ") ended with status 3; its stderr: refused"))
      << ended;
}
