#include "tests/bench/forked_server.hpp"

#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>

namespace rmi::bench {

namespace {

[[noreturn]] void serve_in_child(const ForkedServer::Serve& serve, int core, int from_parent,
                                 int to_parent) {
  if (core >= 0) {
    cpu_set_t only;
    CPU_ZERO(&only);
    CPU_SET(core, &only);
    ::sched_setaffinity(0, sizeof only, &only);
  }
  try {
    serve([&](std::uint16_t port) {
      if (::write(to_parent, &port, sizeof port) != sizeof port) ::_exit(1);
      char ignored;
      while (::read(from_parent, &ignored, 1) > 0) {
      }  // until the parent closes its end, or dies
    });
  } catch (...) {
    ::_exit(1);  // the parent reads no port, and says the server did not start
  }
  ::_exit(0);
}

}  // namespace

ForkedServer::ForkedServer(const Serve& serve, int core) {
  int down[2], up[2];
  if (::pipe(down) != 0 || ::pipe(up) != 0) throw std::runtime_error("bench: pipe failed");
  child_ = ::fork();
  if (child_ < 0) throw std::runtime_error("bench: fork failed");
  if (child_ == 0) {
    ::close(down[1]);
    ::close(up[0]);
    serve_in_child(serve, core, down[0], up[1]);
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
