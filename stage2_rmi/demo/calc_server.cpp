// Stage 2 demo server: Pyro's calculator as an object. Its error() fails three calls deep, and
// the exception now travels back to the caller (RMI.2) instead of dropping the connection.
// The calculator itself is stage 1's (stage1_rpc/demo/calculator.hpp): what is new here is only
// how it is served.                                         See lectures/2-rmi.md#the-demos
//   calc_server [--host 127.0.0.1] [--port 50000] [--allow HOST,HOST...] [--token SECRET]
//                                                          (the calculator is object 1)
#include <cstdlib>
#include <memory>
#include <string>

#include "stage1_rpc/demo/calculator.hpp"
#include "stage1_rpc/program/options.hpp"
#include "stage1_rpc/program/program.hpp"
#include "stage1_rpc/program/server_program.hpp"
#include "stage2_rmi/demo/exposed_calculator.hpp"
#include "stage2_rmi/rmi/object_server.hpp"

int main(int argc, char** argv) try {
  rmi::ServerProgram program("calc_server");  // first, before any thread starts
  rmi::CommandLine args(argc, argv, rmi::server_usage("calc_server"));
  const rmi::ServerOptions options = rmi::server_options(args, "calc_server");
  if (rmi::help_asked(args)) return EXIT_SUCCESS;

  rmi::ObjectServer server(options);
  server.add(std::make_shared<demo::Calculator>(), {.id = 1});
  return program.serve(server);
} catch (const std::exception& e) {
  return rmi::report_failure("calc_server", e);
}
