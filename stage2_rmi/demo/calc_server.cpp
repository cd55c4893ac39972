// Stage 2 demo server: Pyro's calculator as an object. Its error() fails three calls deep, and
// the exception now travels back to the caller (RMI.2) instead of dropping the connection.
//                                                          See lectures/2-rmi.md#the-demos
//   calc_server [--host 127.0.0.1] [--port 50000]        (the calculator is object 1)
#include <any>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>

#include "stage1_rpc/core/command_line.hpp"
#include "stage1_rpc/net/stop_signals.hpp"
#include "stage2_rmi/rmi/object_server.hpp"

namespace demo {

// Pyro's foo: crash2() divides a string by two. C++ refuses that at compile time, so the
// string waits in a std::any, where the mistake surfaces at run time: std::bad_any_cast.
struct Foo {
  void crash() { crash2(std::string("going down...")); }
  void crash2(const std::any& argument) {
    const int half = std::any_cast<int>(argument) / 2;
    std::cout << "never printed: " << half << std::endl;
  }
};

class Calculator {
 public:
  int mul(int a, int b) { return checked(1LL * a * b, "mul"); }
  double mul(double a, double b) { return a * b; }
  std::string mul(const std::string& text, int times) {
    if (times < 0 || text.size() * static_cast<std::size_t>(times) > (1u << 20)) {
      throw std::length_error("mul: a text result is limited to 1 MiB");
    }
    std::string repeated;
    for (int i = 0; i < times; ++i)
      repeated += text;
    return repeated;
  }
  int add(int a, int b) { return checked(1LL * a + b, "add"); }
  double add(double a, double b) { return a + b; }
  std::string add(const std::string& a, const std::string& b) { return a + b; }
  int sub(int a, int b) { return checked(1LL * a - b, "sub"); }
  double sub(double a, double b) { return a - b; }
  double div(double a, double b) { return a / b; }
  void error() { Foo{}.crash(); }

 private:
  // An int that overflows is undefined behaviour in C++: refuse it, as an exception.
  static int checked(long long result, const char* operation) {
    if (result < std::numeric_limits<int>::min() || result > std::numeric_limits<int>::max()) {
      throw std::overflow_error(std::string(operation) + ": the result does not fit in an int");
    }
    return static_cast<int>(result);
  }
};

}  // namespace demo

// Overloaded methods are exposed one signature at a time, like overloaded functions.
template <>
struct rmi::Exposed<demo::Calculator> {
  static void members(Members<demo::Calculator>& expose) {
    expose.method<int(int, int)>("mul", &demo::Calculator::mul)
        .method<double(double, double)>("mul", &demo::Calculator::mul)
        .method<std::string(const std::string&, int)>("mul", &demo::Calculator::mul)
        .method<int(int, int)>("add", &demo::Calculator::add)
        .method<double(double, double)>("add", &demo::Calculator::add)
        .method<std::string(const std::string&, const std::string&)>("add", &demo::Calculator::add)
        .method<int(int, int)>("sub", &demo::Calculator::sub)
        .method<double(double, double)>("sub", &demo::Calculator::sub)
        .method("div", &demo::Calculator::div)
        .method("error", &demo::Calculator::error);
  }
};

int main(int argc, char** argv) try {
  rmi::StopSignals stop_signals;  // first, before any thread starts
  const char* usage = "usage: calc_server [--host HOST] [--port PORT]";
  rmi::CommandLine args(argc, argv, usage);
  rmi::ServerOptions options;
  options.address = {args.text("--host", "127.0.0.1"), args.port("--port", 50000)};
  options.log = rmi::log_to_stderr("calc_server");
  if (args.finish()) {
    std::cout << usage << "\n";
    return EXIT_SUCCESS;
  }

  rmi::ObjectServer server(options);
  server.add(std::make_shared<demo::Calculator>(), {.id = 1});
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
