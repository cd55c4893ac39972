#pragma once
// The first and the last thing every program's main does: the demos, the robustness target, and
// the servers and clients of later stages. This folder (program/) is for programs only: here,
// and nowhere in the library, may the process be ended or its signal handling changed.
//
//   int main(int argc, char** argv) try {
//     rmi::ignore_broken_pipes();          // first (a ServerProgram does it for a server)
//     ...
//     return EXIT_SUCCESS;
//   } catch (const std::exception& e) {
//     return rmi::report_failure("calc_client", e);
//   }
#include <exception>
#include <string_view>

namespace rmi {

// A write to a pipe or socket whose reader has gone fails with EPIPE instead of killing the
// program with SIGPIPE. A server whose output goes into `calc_server | head -1` would otherwise
// die at its next line of output, in the middle of serving. (Sockets are written with
// MSG_NOSIGNAL anyway; standard output is not a socket.)
void ignore_broken_pipes();

// The catch clause of main: prints "program: what went wrong" to stderr; returns EXIT_FAILURE.
int report_failure(std::string_view program, const std::exception& error);

// Ends the process at once with `status`, after flushing what it has printed: no destructors run,
// so nothing waits for threads that are stuck in calls. For programs only (see above).
[[noreturn]] void end_now(int status);

}  // namespace rmi
