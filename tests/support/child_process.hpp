#pragma once
// A program started by a test as a real separate process: the demos, servers on other "hosts".
// It runs in its own process group, and the whole group is killed when the object goes, so a
// failing test leaves nothing running; and it is killed when the thread that started it ends,
// so a test program killed by a timeout (no destructors run) leaves nothing either. Start it
// from the test's own thread, not from a thread that ends before the process should.
// Its stdout is read line by line (with timeouts); its stderr goes to a file that can be read
// at any time.
#include <sys/types.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "stage1_rpc/net/endpoint.hpp"

namespace rmi::test {

// The path of a program built beside the test binary, e.g. program_path("stage1_rpc/calc_server").
std::string program_path(const std::string& relative_to_build);

class ChildProcess {
 public:
  // `environment` entries ("RMI_TRACE=1") are added to the test's own environment.
  ChildProcess(const std::string& program, const std::vector<std::string>& arguments,
               const std::vector<std::string>& environment = {});
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // The next line of stdout, or nothing at end of output or after `timeout`.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout);
  // Reads stdout to its end (or until `timeout`); returns everything not read yet.
  std::string read_rest(std::chrono::milliseconds timeout);
  // Reads lines until "READY host:port" and returns that endpoint; throws if it never comes.
  Endpoint wait_ready(std::chrono::milliseconds timeout);

  // Closes our end of the program's stdout: its next write finds a pipe nobody reads (as in
  // `calc_server | head -1` once head has exited).
  void close_stdout();

  void send_signal(int signal_number);
  // Stops the program (SIGSTOP) and returns once every one of its threads has stopped; throws if
  // that takes longer than `timeout`. resume() lets it go on (SIGCONT).
  void suspend(std::chrono::milliseconds timeout);
  void resume();
  // The exit status (or 128 + signal), or nothing if still running after `timeout`.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);
  std::string stderr_text() const;
  pid_t pid() const { return pid_; }

 private:
  std::string name_;  // the program's file name, for messages
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string pending_;        // stdout bytes read but not yet returned as lines
  bool output_ended_ = false;  // its stdout reached its end
  std::string stderr_path_;
  std::optional<int> exit_status_;
};

// A program run to its end: its exit status (-1 if it did not end in time), stdout and stderr.
struct ProgramRun {
  int status = -1;
  std::string output;
  std::string errors;
};
ProgramRun run_to_end(const std::string& program, const std::vector<std::string>& arguments,
                      const std::vector<std::string>& environment = {});

// Checks `condition` every 10 ms until it holds (true) or `within` has passed (false).
bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds within);

}  // namespace rmi::test
