// Stage 1 demo server: the lecture's f and g, and the arithmetic of Pyro's calculator example,
// served as functions called by name.                      See lectures/1-rpc.md#the-demo
//
//   calc_server [--host 127.0.0.1] [--port 50000] [--allow HOST,HOST...] [--token SECRET]
//               [--one-call-per-connection]
//
// It listens on loopback unless --host names another interface (0.0.0.0: all of them).
// --allow serves only those client addresses; --token only clients started with the same
// --token (lectures/1-rpc.md#access).
//
// Prints "READY host:port" first, then one line per call of f or g (they print at the server,
// as in the lecture). Stops on Ctrl-C or SIGTERM.
#include <cstdlib>
#include <iostream>
#include <string>

#include "stage1_rpc/core/printable.hpp"
#include "stage1_rpc/demo/calculator.hpp"
#include "stage1_rpc/program/options.hpp"
#include "stage1_rpc/program/program.hpp"
#include "stage1_rpc/program/server_program.hpp"
#include "stage1_rpc/rpc/function_server.hpp"

namespace {

void bind_functions(rmi::FunctionServer& server, demo::Calculator& calc) {
  server.bind("f", [] {
    std::cout << "f()" << std::endl;
    return std::string("x");
  });
  server.bind("g", [](const std::string& x) {
    // x comes from a client: printed raw, "x\nREADY 1.2.3.4:5" would forge a line of ours.
    std::cout << "g(" << rmi::printable(x) << ")" << std::endl;
    return 42;
  });
  // One overload per signature; each calls the calculator's (stage1_rpc/demo/calculator.hpp).
  server.bind("mul", [&calc](int a, int b) { return calc.mul(a, b); });
  server.bind("mul", [&calc](double a, double b) { return calc.mul(a, b); });
  server.bind("mul", [&calc](const std::string& text, int times) { return calc.mul(text, times); });
  server.bind("add", [&calc](int a, int b) { return calc.add(a, b); });
  server.bind("add", [&calc](double a, double b) { return calc.add(a, b); });
  server.bind("add",
              [&calc](const std::string& a, const std::string& b) { return calc.add(a, b); });
  server.bind("sub", [&calc](int a, int b) { return calc.sub(a, b); });
  server.bind("sub", [&calc](double a, double b) { return calc.sub(a, b); });
  server.bind("div", [&calc](double a, double b) { return calc.div(a, b); });
  server.bind("error", [&calc] { calc.error(); });
}

}  // namespace

int main(int argc, char** argv) try {
  rmi::ServerProgram program("calc_server");  // first, before any thread starts
  rmi::CommandLine args(argc, argv,
                        rmi::server_usage("calc_server", "[--one-call-per-connection]"));
  rmi::ServerOptions options = rmi::server_options(args, "calc_server");
  if (args.flag("--one-call-per-connection")) {
    options.policy = rmi::ConnectionPolicy::OneCallPerConnection;  // the lecture's loop
  }
  if (rmi::help_asked(args)) return EXIT_SUCCESS;

  demo::Calculator calculator;  // stateless: calls from many clients may use it at once
  rmi::FunctionServer server(options);
  bind_functions(server, calculator);
  return program.serve(server);
} catch (const std::exception& e) {
  return rmi::report_failure("calc_server", e);
}
