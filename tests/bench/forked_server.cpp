#include "tests/bench/forked_server.hpp"

#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <memory>
#include <stdexcept>
#include <string_view>

#include "stage2_rmi/rmi/object_server.hpp"
#include "stage4_references/demo/store.hpp"
#include "tests/bench/bench_objects.hpp"

namespace rmi::bench {

namespace {

[[noreturn]] void serve_in_child(int from_parent, int to_parent) {
  cpu_set_t core_1;
  CPU_ZERO(&core_1);
  CPU_SET(1, &core_1);
  ::sched_setaffinity(0, sizeof core_1, &core_1);
  {
    ServerOptions quiet;
    quiet.log = [](std::string_view) {};
    quiet.trace = false;
    ObjectServer server(quiet);
    server.add(std::make_shared<demo::Store>(), {.id = 1, .thread_safe = true});
    server.add(std::make_shared<bench_objects::Adder>(), {.id = 2});
    server.start();
    const std::uint16_t port = server.endpoint().port;
    if (::write(to_parent, &port, sizeof port) != sizeof port) ::_exit(1);
    char ignored;
    while (::read(from_parent, &ignored, 1) > 0) {
    }  // until the parent closes its end, or dies
  }
  ::_exit(0);
}

}  // namespace

ForkedServer::ForkedServer() {
  int down[2], up[2];
  if (::pipe(down) != 0 || ::pipe(up) != 0) throw std::runtime_error("bench: pipe failed");
  child_ = ::fork();
  if (child_ < 0) throw std::runtime_error("bench: fork failed");
  if (child_ == 0) {
    ::close(down[1]);
    ::close(up[0]);
    serve_in_child(down[0], up[1]);
  }
  ::close(down[0]);
  ::close(up[1]);
  to_child_ = down[1];
  const bool told = ::read(up[0], &port_, sizeof port_) == sizeof port_;
  ::close(up[0]);
  if (!told) throw std::runtime_error("bench: the forked server did not start");
}

ForkedServer::~ForkedServer() {
  ::close(to_child_);
  int status = 0;
  ::waitpid(child_, &status, 0);
}

}  // namespace rmi::bench
