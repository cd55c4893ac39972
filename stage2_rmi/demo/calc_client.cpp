// Stage 2 demo client: Pyro's calculator client, with a hand-written static stub, and the
// remote crash arriving as an exception.                    See lectures/2-rmi.md#the-demos
//   calc_client [--host 127.0.0.1] [--port 50000] [--token SECRET]
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>

#include "stage1_rpc/program/options.hpp"
#include "stage1_rpc/program/program.hpp"
#include "stage2_rmi/demo/exposed_calculator.hpp"
#include "stage2_rmi/rmi/errors.hpp"
#include "stage2_rmi/rmi/proxy.hpp"

namespace {

// A static stub: the remote interface written out as a C++ class. The compiler checks every
// call against it and each signature is spelled once, when the stub is made; the price is
// writing (or generating) one per interface and keeping it in step with the server.
class CalculatorStub {
 public:
  explicit CalculatorStub(const rmi::Proxy& calculator)
      : mul_(calculator.method<int(int, int)>("mul")),
        repeat_(calculator.method<std::string(std::string, int)>("mul")),
        add_(calculator.method<int(int, int)>("add")),
        concatenate_(calculator.method<std::string(std::string, std::string)>("add")),
        sub_(calculator.method<int(int, int)>("sub")),
        div_(calculator.method<double(double, double)>("div")),
        error_(calculator.method<void()>("error")) {}

  int mul(int a, int b) const { return mul_(a, b); }
  std::string mul(const std::string& text, int times) const { return repeat_(text, times); }
  int add(int a, int b) const { return add_(a, b); }
  std::string add(const std::string& a, const std::string& b) const { return concatenate_(a, b); }
  int sub(int a, int b) const { return sub_(a, b); }
  double div(double a, double b) const { return div_(a, b); }
  void error() const { error_(); }

 private:
  rmi::RemoteMethod<int(int, int)> mul_;
  rmi::RemoteMethod<std::string(std::string, int)> repeat_;
  rmi::RemoteMethod<int(int, int)> add_;
  rmi::RemoteMethod<std::string(std::string, std::string)> concatenate_;
  rmi::RemoteMethod<int(int, int)> sub_;
  rmi::RemoteMethod<double(double, double)> div_;
  rmi::RemoteMethod<void()> error_;
};

}  // namespace

int main(int argc, char** argv) try {
  rmi::ignore_broken_pipes();
  rmi::CommandLine args(argc, argv, rmi::client_usage("calc_client"));
  const rmi::Endpoint address = rmi::server_address(args);
  const rmi::ClientOptions options = rmi::client_options(args);
  if (rmi::help_asked(args)) return EXIT_SUCCESS;
  const rmi::Proxy proxy(std::make_shared<rmi::Connection>(address, options), 1);
  const CalculatorStub test(proxy);

  std::cout << test.mul(111, 9) << "\n";
  std::cout << test.add(100, 222) << "\n";
  std::cout << test.sub(222, 100) << "\n";
  std::cout << std::setprecision(12) << test.div(2.0, 9.0) << "\n";
  std::cout << test.mul(".", 10) << "\n";
  std::cout << test.add("String1", "String2") << "\n";

  std::cout << "*** invoking server method that crashes ***" << std::endl;
  try {
    test.error();
  } catch (const rmi::RemoteError& e) {
    std::cout << "remote exception: " << e.what() << "\n";
  }
  // A standard exception arrives as itself, so the caller can catch it by its type.
  try {
    test.mul(65536, 65536);
  } catch (const std::overflow_error& e) {
    std::cout << "caught std::overflow_error: " << e.what() << "\n";
  }
  // The dynamic form: a call the stub does not know, checked only when it reaches the server.
  try {
    proxy.call<double>("pow", 2.0, 10.0);
  } catch (const rmi::NoSuchMethod& e) {
    std::cout << "caught rmi::NoSuchMethod: " << e.what() << "\n";
  }
  // Spelled by hand, a signature can be wrong: these ints make the call div double(int, int).
  try {
    proxy.call<double>("div", 2, 9);
  } catch (const rmi::BadArguments& e) {
    std::cout << "caught rmi::BadArguments: " << e.what() << "\n";
  }
  // Through a member pointer the method's own signature is taken, and the ints convert.
  std::cout << "div(2, 9) through &demo::Calculator::div = "
            << proxy.call(&demo::Calculator::div, 2, 9) << "\n";
  std::cout << "the client goes on: add(1, 2) = " << test.add(1, 2) << std::endl;
  return EXIT_SUCCESS;
} catch (const std::exception& e) {
  return rmi::report_failure("calc_client", e);
}
