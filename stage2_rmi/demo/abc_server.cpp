// Stage 2 demo server: the lecture's objects A, B and C, exported as objects 1, 2 and 3.
// B overrides f, C overrides g; each object counts its own calls and prints at the server.
//                                                          See lectures/2-rmi.md#the-demos
//   abc_server [--host 127.0.0.1] [--port 50000]
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include "stage1_rpc/core/command_line.hpp"
#include "stage1_rpc/net/stop_signals.hpp"
#include "stage2_rmi/rmi/object_server.hpp"

namespace demo {

class A {
 public:
  virtual ~A() = default;
  virtual std::string f() {
    std::cout << "A.f() " << count_++ << std::endl;
    return "x";
  }
  virtual int g(const std::string& x) {
    std::cout << "A.g(" << x << ") " << count_++ << std::endl;
    return 42;
  }
  int count() const { return count_; }

 protected:
  int count_ = 0;
};

class B : public A {
 public:
  std::string f() override {
    std::cout << "B.f() " << count_++ << std::endl;
    return "y";
  }
};

class C : public A {
 public:
  int g(const std::string& x) override {
    std::cout << "C.g(" << x << ") " << count_++ << std::endl;
    return 24;
  }
};

}  // namespace demo

// What remote callers may use of an A (and so of a B or a C exported as an A).
template <>
struct rmi::Exposed<demo::A> {
  static void members(Members<demo::A>& expose) {
    expose.method("f", &demo::A::f).method("g", &demo::A::g).method("count", &demo::A::count);
  }
};

int main(int argc, char** argv) try {
  rmi::StopSignals stop_signals;  // first, before any thread starts
  const char* usage = "usage: abc_server [--host HOST] [--port PORT]";
  rmi::CommandLine args(argc, argv, usage);
  rmi::ServerOptions options;
  options.address = {args.text("--host", "127.0.0.1"), args.port("--port", 50000)};
  options.log = rmi::log_to_stderr("abc_server");
  if (args.finish()) {
    std::cout << usage << "\n";
    return EXIT_SUCCESS;
  }

  rmi::ObjectServer server(options);
  server.add<demo::A>(std::make_shared<demo::A>(), {.id = 1});
  server.add<demo::A>(std::make_shared<demo::B>(), {.id = 2});
  server.add<demo::A>(std::make_shared<demo::C>(), {.id = 3});
  server.start();
  std::cout << "READY " << server.endpoint().to_string() << std::endl;

  const int signal_number = stop_signals.wait();
  std::cout << "stopping on signal " << signal_number << std::endl;
  server.stop();
  return EXIT_SUCCESS;
} catch (const std::exception& e) {
  std::cerr << "abc_server: " << e.what() << std::endl;
  return EXIT_FAILURE;
}
