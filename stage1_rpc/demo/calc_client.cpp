// Stage 1 demo client: calls the calc_server's functions as if they were local.
//                                                          See lectures/1-rpc.md#the-demo
//
//   calc_client [--host 127.0.0.1] [--port 50000] [--token SECRET] [--connect-per-call]
//               [--timeout-ms 30000]
//
// --timeout-ms bounds each call, with everything it waits for: looking the host's name up,
// connecting, sending, the reply (ClientOptions::call_timeout).
#include <chrono>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <memory>
#include <string>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/program/options.hpp"
#include "stage1_rpc/program/program.hpp"
#include "stage1_rpc/rpc/remote_function.hpp"

int main(int argc, char** argv) try {
  rmi::ignore_broken_pipes();
  rmi::CommandLine args(
      argc, argv, rmi::client_usage("calc_client", "[--connect-per-call] [--timeout-ms 30000]"));
  const rmi::Endpoint address = rmi::server_address(args);
  rmi::ClientOptions options = rmi::client_options(args);
  options.connect_per_call = args.flag("--connect-per-call");  // the lecture's RemoteFunction
  const std::string timeout = args.text("--timeout-ms", "30000");
  if (timeout.empty() || timeout.size() > 9 ||
      timeout.find_first_not_of("0123456789") != std::string::npos || std::stoi(timeout) == 0) {
    throw rmi::Error("--timeout-ms takes a number of milliseconds, 1 or more, not '" + timeout +
                     "'");
  }
  options.call_timeout = std::chrono::milliseconds(std::stoi(timeout));
  if (rmi::help_asked(args)) return EXIT_SUCCESS;
  auto server = std::make_shared<rmi::Connection>(address, options);

  // The lecture's RemoteFunction proxies: local stand-ins with the remote function's signature.
  rmi::RemoteFunction<std::string()> f(server, "f");
  rmi::RemoteFunction<int(std::string)> g(server, "g");
  std::cout << "f() = " << f() << "\n";
  std::cout << "g(\"bar\") = " << g("bar") << "\n";

  // Pyro's calculator. Each proxy names one overload of the server's function.
  rmi::RemoteFunction<int(int, int)> mul(server, "mul");
  rmi::RemoteFunction<int(int, int)> add(server, "add");
  rmi::RemoteFunction<double(double, double)> div(server, "div");
  rmi::RemoteFunction<std::string(std::string, int)> repeat(server, "mul");
  std::cout << "mul(111, 9) = " << mul(111, 9) << "\n";
  std::cout << "add(100, 222) = " << add(100, 222) << "\n";
  // The untyped form: the signature comes from the arguments, the result type is given.
  std::cout << "sub(222, 100) = " << rmi::call<int>(*server, "sub", 222, 100) << "\n";
  std::cout << "div(2.0, 9.0) = " << std::setprecision(12) << div(2.0, 9.0) << "\n";
  std::cout << "mul(\".\", 10) = " << repeat(".", 10) << "\n";
  std::cout << "add(\"String1\", \"String2\") = "
            << rmi::call<std::string>(*server, "add", "String1", "String2") << "\n";

  std::cout << "*** invoking a server function that crashes ***" << std::endl;
  try {
    rmi::call<void>(*server, "error");
    std::cout << "error() returned, which it should not" << std::endl;
  } catch (const rmi::ConnectionError& e) {
    std::cout << "error() failed: " << e.what() << "\n";
  }
  // The connection was dropped; the next call connects again, to a server that is still up.
  std::cout << "the server survived: add(1, 2) = " << add(1, 2) << std::endl;
  return EXIT_SUCCESS;
} catch (const std::exception& e) {
  return rmi::report_failure("calc_client", e);
}
