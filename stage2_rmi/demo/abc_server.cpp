// Stage 2 demo server: the lecture's objects A, B and C, exported as objects 1, 2 and 3.
// B overrides f, C overrides g; each object counts its own calls and prints at the server.
//                                                          See lectures/2-rmi.md#the-demos
//   abc_server [--host 127.0.0.1] [--port 50000] [--allow HOST,HOST...] [--token SECRET]
#include <cstdlib>
#include <iostream>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>

#include "stage1_rpc/core/printable.hpp"
#include "stage1_rpc/program/options.hpp"
#include "stage1_rpc/program/program.hpp"
#include "stage1_rpc/program/server_program.hpp"
#include "stage2_rmi/rmi/object_server.hpp"

namespace demo {

class A {
 public:
  virtual ~A() = default;
  virtual std::string f() {
    std::cout << "A.f() " << counted() << std::endl;
    return "x";
  }
  // x comes from a client: printable() escapes a newline that would forge a line of ours.
  virtual int g(const std::string& x) {
    std::cout << "A.g(" << rmi::printable(x) << ") " << counted() << std::endl;
    return 42;
  }
  int count() const { return count_; }

 protected:
  // The count before this call. Clients drive it: two billion calls must not overflow it.
  int counted() {
    if (count_ == std::numeric_limits<int>::max())
      throw std::overflow_error("count: too many calls");
    return count_++;
  }

 private:
  int count_ = 0;
};

class B : public A {
 public:
  std::string f() override {
    std::cout << "B.f() " << counted() << std::endl;
    return "y";
  }
};

class C : public A {
 public:
  int g(const std::string& x) override {
    std::cout << "C.g(" << rmi::printable(x) << ") " << counted() << std::endl;
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
  rmi::ServerProgram program("abc_server");  // first, before any thread starts
  rmi::CommandLine args(argc, argv, rmi::server_usage("abc_server"));
  const rmi::ServerOptions options = rmi::server_options(args, "abc_server");
  if (rmi::help_asked(args)) return EXIT_SUCCESS;

  rmi::ObjectServer server(options);
  server.add<demo::A>(std::make_shared<demo::A>(), {.id = 1});
  server.add<demo::A>(std::make_shared<demo::B>(), {.id = 2});
  server.add<demo::A>(std::make_shared<demo::C>(), {.id = 3});
  return program.serve(server);
} catch (const std::exception& e) {
  return rmi::report_failure("abc_server", e);
}
