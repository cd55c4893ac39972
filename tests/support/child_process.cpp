#include "tests/support/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <utility>

extern char** environ;

namespace rmi::test {

namespace {

// What waitpid reported of a program that ended, as a shell says it: its exit status, or 128 plus
// the signal that killed it.
int exit_status_of(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

std::string program_path(const std::string& relative_to_build) {
  char self[4096] = {};
  const ssize_t length = ::readlink("/proc/self/exe", self, sizeof self - 1);
  std::string directory = length > 0 ? std::string(self, static_cast<std::size_t>(length)) : ".";
  directory = directory.substr(0, directory.rfind('/'));  // build/<track>/tests
  return directory + "/../" + relative_to_build;
}

ChildProcess::ChildProcess(const std::string& program, const std::vector<std::string>& arguments,
                           const std::vector<std::string>& environment)
    : name_(program.substr(program.rfind('/') + 1)) {
  char stderr_template[] = "/tmp/rmi-test-stderr-XXXXXX";
  const int stderr_fd = ::mkostemp(stderr_template, O_CLOEXEC);
  if (stderr_fd < 0) throw std::runtime_error("mkostemp failed");
  stderr_path_ = stderr_template;
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) {
    ::close(stderr_fd);
    throw std::runtime_error("pipe2 failed");
  }

  // Everything the child needs is prepared before vfork(), down to the pointers execve takes:
  // after it, only system calls (through the sanitizers' wrappers of them).
  std::vector<std::string> argv_text{program};
  argv_text.insert(argv_text.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (auto& text : argv_text)
    argv.push_back(text.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_text(environment);
  for (char** entry = environ; *entry != nullptr; ++entry)
    env_text.emplace_back(*entry);
  std::vector<char*> envp;
  for (auto& text : env_text)
    envp.push_back(text.data());
  envp.push_back(nullptr);
  const char* const path = program.c_str();
  char* const* const args = argv.data();
  char* const* const env = envp.data();

  // vfork, not fork: the child borrows this process's memory until execve replaces it, where
  // fork would copy the page tables of a sanitised test program (large) only to throw them away,
  // and then make every page the test writes next a copy-on-write fault. The tests start about
  // 240 programs: run in turns, the five test programs took 42-45 s of processor time with vfork
  // and 49-57 s with fork, and finished 3-5 s sooner on two cores. The price is vfork's rule:
  // the child, sharing our memory and stack, only makes the system calls below until execve or
  // _exit, and never returns from here. (AddressSanitizer knows vfork; ThreadSanitizer makes it a
  // fork.)
  const pid_t parent = ::getpid();
  pid_ = ::vfork();
  if (pid_ < 0) {
    ::close(out[0]);
    ::close(out[1]);
    ::close(stderr_fd);
    throw std::runtime_error("vfork failed");
  }
  if (pid_ == 0) {
    // Die with the test: a test program killed by a timeout runs no destructors. The check of
    // getppid() catches a parent that died before prctl() took effect.
    if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || ::getppid() != parent) ::_exit(127);
    ::setpgid(0, 0);
    ::dup2(out[1], STDOUT_FILENO);
    ::dup2(stderr_fd, STDERR_FILENO);
    ::execve(path, args, env);
    ::_exit(127);
  }
  ::setpgid(pid_, pid_);  // also here, so the group exists before we might kill it
  ::close(out[1]);
  ::close(stderr_fd);
  stdout_fd_ = out[0];
}

ChildProcess::~ChildProcess() {
  if (!exit_status_) {
    ::kill(-pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
  ::unlink(stderr_path_.c_str());
}

std::optional<std::string> ChildProcess::read_line(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto newline = pending_.find('\n');
    if (newline != std::string::npos) {
      std::string line = pending_.substr(0, newline);
      pending_.erase(0, newline + 1);
      return line;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    pollfd waiting{stdout_fd_, POLLIN, 0};
    if (::poll(&waiting, 1, static_cast<int>(left.count())) <= 0) continue;
    char buffer[4096];
    const ssize_t got = ::read(stdout_fd_, buffer, sizeof buffer);
    if (got <= 0) {
      output_ended_ = true;
      if (pending_.empty()) return std::nullopt;
      return std::exchange(pending_, {});  // a last line without a newline
    }
    pending_.append(buffer, static_cast<std::size_t>(got));
  }
}

std::string ChildProcess::read_rest(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string rest;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    auto line = read_line(left);
    if (!line) break;
    rest += *line + "\n";
  }
  return rest;
}

Endpoint ChildProcess::wait_ready(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    auto line = read_line(left);
    if (!line) break;
    if (line->rfind("READY ", 0) == 0) return parse_endpoint(line->substr(6));
  }
  // Says whether it ended (a crash, a refusal: its stderr says which) or still runs: a program
  // that hangs while it starts writes nothing, and "its stderr:" alone said nothing either. Its
  // output ends when it exits, so one whose output ended gets a moment to be reaped.
  const std::optional<int> status =
      wait_exit(output_ended_ ? std::chrono::milliseconds(2000) : std::chrono::milliseconds(100));
  std::string errors = stderr_text();
  if (errors.empty()) errors = "(nothing)";
  const std::string who = name_ + " (pid " + std::to_string(pid_) + ")";
  if (status) {
    throw std::runtime_error("no READY line: " + who + " ended with status " +
                             std::to_string(*status) + "; its stderr: " + errors);
  }
  if (output_ended_) {
    throw std::runtime_error(
        "no READY line: " + who +
        " closed its output without one and is still running; its stderr: " + errors);
  }
  throw std::runtime_error("no READY line: " + who + " is still running after " +
                           std::to_string(timeout.count()) +
                           " ms, so it hangs while it starts (an endless loop, or a wait that "
                           "never ends); its stderr: " +
                           errors);
}

void ChildProcess::close_stdout() {
  ::close(stdout_fd_);
  stdout_fd_ = -1;
}

void ChildProcess::send_signal(int signal_number) {
  ::kill(pid_, signal_number);
}

void ChildProcess::suspend(std::chrono::milliseconds timeout) {
  // kill() only starts the stop: it wakes one of the program's threads, which stops the others
  // when it runs. Until then the others go on, and on a busy machine they may serve a call
  // (a test once counted a message as heard by a listener it had just stopped). waitpid says
  // when the last thread has stopped.
  ::kill(pid_, SIGSTOP);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  for (;;) {
    const pid_t changed = ::waitpid(pid_, &status, WNOHANG | WUNTRACED);
    if (changed == pid_ && WIFSTOPPED(status)) return;
    if (changed == pid_) {
      exit_status_ = exit_status_of(status);
      throw std::runtime_error("pid " + std::to_string(pid_) + " ended instead of stopping");
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      throw std::runtime_error("pid " + std::to_string(pid_) + " did not stop within " +
                               std::to_string(timeout.count()) + " ms");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

void ChildProcess::resume() {
  ::kill(pid_, SIGCONT);
}

std::optional<int> ChildProcess::wait_exit(std::chrono::milliseconds timeout) {
  if (exit_status_) return exit_status_;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  // waitpid has no timeout; polling with WNOHANG at 1 ms keeps this simple and prompt.
  while (::waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  exit_status_ = exit_status_of(status);
  ::kill(-pid_, SIGKILL);  // anything the program left behind in its group
  return exit_status_;
}

std::string ChildProcess::stderr_text() const {
  std::ifstream file(stderr_path_);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

ProgramRun run_to_end(const std::string& program, const std::vector<std::string>& arguments,
                      const std::vector<std::string>& environment) {
  using namespace std::chrono_literals;
  ChildProcess child(program, arguments, environment);
  ProgramRun run;
  run.output = child.read_rest(20s);
  run.status = child.wait_exit(10s).value_or(-1);
  run.errors = child.stderr_text();
  return run;
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds within) {
  const auto deadline = std::chrono::steady_clock::now() + within;
  for (;;) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace rmi::test
