#pragma once
// The life of a server program, the same for every demo server of every stage:
//
//   int main(int argc, char** argv) try {
//     rmi::ServerProgram program("calc_server");  // first, before any thread starts
//     rmi::CommandLine args(argc, argv, rmi::server_usage("calc_server"));
//     const rmi::ServerOptions options = rmi::server_options(args, "calc_server");
//     if (rmi::help_asked(args)) return EXIT_SUCCESS;
//     rmi::ObjectServer server(options);
//     server.add(std::make_shared<Calculator>(), {.id = 1});
//     return program.serve(server);
//   } catch (const std::exception& e) {
//     return rmi::report_failure("calc_server", e);
//   }
//
// serve() starts the server, prints "READY host:port" (scripts and tests wait for that line),
// and serves until SIGINT (Ctrl-C) or SIGTERM (kill) arrives, or until one of the server's own
// calls asks it to stop (request_stop(): a remote shutdown()). Then it stops the server, which
// waits at most the server's stop_grace for the calls in progress (server.hpp), and returns
// EXIT_SUCCESS. Two ways out are quicker:
//   - a second signal while it stops: the user will not wait, so the program ends at once with
//     128 + the signal's number, as a shell reports a program killed by it;
//   - calls still running after the grace period: stop() abandons them and logs which, and the
//     program ends at once with EXIT_FAILURE. Returning would destroy the server, and that waits
//     for the abandoned calls, maybe for ever: a thread cannot be killed, only the process.
// Either way it flushes its output first (program.hpp: end_now).  See lectures/1-rpc.md#stopping
#include <functional>
#include <stop_token>
#include <string>

#include "stage1_rpc/core/log.hpp"
#include "stage1_rpc/net/stop_signals.hpp"
#include "stage1_rpc/rpc/server.hpp"

namespace rmi {

class ServerProgram {
 public:
  // Ignores SIGPIPE (program.hpp) and blocks SIGINT and SIGTERM for every thread (StopSignals):
  // construct it first in main, before anything starts a thread.
  explicit ServerProgram(std::string name);

  // Any server of the toolkit: FunctionServer, ObjectServer, and those of later stages. Returns
  // main's exit status, or does not return (see above).
  template <class AnyServer>
  int serve(AnyServer& server) {
    server.start();
    return serve(server.endpoint(), server.stop_token(), [&server] { return server.stop(); });
  }

 private:
  int serve(const Endpoint& endpoint, std::stop_token stop_requested,
            const std::function<StopReport()>& stop);

  StopSignals signals_;
  Logger log_;
};

}  // namespace rmi
