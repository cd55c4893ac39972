// Stage 1 demo server: the lecture's f and g, and the arithmetic of Pyro's calculator example,
// served as functions called by name.                      See lectures/1-rpc.md#the-demo
//
//   calc_server [--host 127.0.0.1] [--port 50000] [--one-call-per-connection]
//               [--allow HOST,HOST...] [--token SECRET]
//
// It listens on loopback unless --host names another interface (0.0.0.0: all of them).
// --allow serves only those client addresses; --token only clients started with the same
// --token (lectures/1-rpc.md#access).
//
// Prints "READY host:port" first, then one line per call of f or g (they print at the server,
// as in the lecture). Stops on Ctrl-C or SIGTERM.
#include <any>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>

#include "stage1_rpc/core/command_line.hpp"
#include "stage1_rpc/net/stop_signals.hpp"
#include "stage1_rpc/rpc/function_server.hpp"

namespace {

// Pyro's error() fails three calls deep: crash2() divides a string by two. C++ refuses
// "going down..." / 2 at compile time, so the value waits in a std::any, where the same
// mistake surfaces at run time as std::bad_any_cast: a type error inside the server.
struct Foo {
  void crash() { crash2(std::string("going down...")); }
  void crash2(const std::any& argument) {
    const int half = std::any_cast<int>(argument) / 2;
    std::cout << "never printed: " << half << std::endl;
  }
};

// In C++ an int that overflows is undefined behaviour, and the numbers come from any client:
// compute in a wider type and refuse what does not fit, as Python would not need to.
int checked(long long result, const char* operation) {
  if (result < std::numeric_limits<int>::min() || result > std::numeric_limits<int>::max()) {
    throw std::overflow_error(std::string(operation) + ": the result does not fit in an int");
  }
  return static_cast<int>(result);
}

// The caller chooses `times`: a few bytes could otherwise ask for gigabytes of answer.
std::string repeat(const std::string& text, int times) {
  constexpr std::size_t kLimit = 1 << 20;
  if (times < 0 || text.size() * static_cast<std::size_t>(times) > kLimit) {
    throw std::length_error("mul: a text result is limited to 1 MiB");
  }
  std::string repeated;
  for (int i = 0; i < times; ++i)
    repeated += text;
  return repeated;
}

void bind_functions(rmi::FunctionServer& server) {
  server.bind("f", [] {
    std::cout << "f()" << std::endl;
    return std::string("x");
  });
  server.bind("g", [](const std::string& x) {
    std::cout << "g(" << x << ")" << std::endl;
    return 42;
  });
  // Python's operators work on any types; C++ binds one overload per signature instead.
  server.bind("mul", [](int a, int b) { return checked(1LL * a * b, "mul"); });
  server.bind("mul", [](double a, double b) { return a * b; });
  server.bind("mul", repeat);
  server.bind("add", [](int a, int b) { return checked(1LL * a + b, "add"); });
  server.bind("add", [](double a, double b) { return a + b; });
  server.bind("add", [](const std::string& a, const std::string& b) { return a + b; });
  server.bind("sub", [](int a, int b) { return checked(1LL * a - b, "sub"); });
  server.bind("sub", [](double a, double b) { return a - b; });
  server.bind("div", [](double a, double b) { return a / b; });
  server.bind("error", [] { Foo{}.crash(); });
}

}  // namespace

int main(int argc, char** argv) try {
  rmi::StopSignals stop_signals;  // first, before any thread starts
  const char* usage =
      "usage: calc_server [--host HOST] [--port PORT] [--one-call-per-connection]\n"
      "                   [--allow HOST,HOST...] [--token SECRET]";
  rmi::CommandLine args(argc, argv, usage);
  rmi::ServerOptions options;
  options.address = {args.text("--host", "127.0.0.1"), args.port("--port", 50000)};
  if (args.flag("--one-call-per-connection")) {
    options.policy = rmi::ConnectionPolicy::OneCallPerConnection;
  }
  std::istringstream allowed(args.text("--allow", ""));
  for (std::string host; std::getline(allowed, host, ',');) {
    options.access.allowed_hosts.push_back(host);
  }
  if (const std::string token = args.text("--token", ""); !token.empty()) {
    options.access.validator = rmi::require_token(token);
  }
  options.log = rmi::log_to_stderr("calc_server");
  if (args.finish()) {
    std::cout << usage << "\n";
    return EXIT_SUCCESS;
  }

  rmi::FunctionServer server(options);
  bind_functions(server);
  server.start();
  std::cout << "READY " << server.endpoint().to_string() << std::endl;

  const int signal_number = stop_signals.wait();
  std::cout << "stopping on signal " << signal_number << std::endl;
  server.stop();
  return EXIT_SUCCESS;
} catch (const std::exception& e) {
  std::cerr << "calc_server: " << e.what() << std::endl;
  return EXIT_FAILURE;
}
