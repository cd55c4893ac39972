#pragma once
// Stage 4's bench needs its server in another process: a reference returned to the process that
// exports it is that process's own object (lectures/4-references.md#identity), so a server in
// the bench's own process would measure no network at all. ForkedServer forks the bench before
// it starts any thread; the child exports a demo::Store (and a bench Adder, for a plain call to
// the same process) and serves until the bench ends.
#include <sys/types.h>

#include <cstdint>

namespace rmi::bench {

class ForkedServer {
 public:
  // Call first in main, while the process has one thread. The child runs on core 1.
  ForkedServer();
  ~ForkedServer();
  ForkedServer(const ForkedServer&) = delete;
  ForkedServer& operator=(const ForkedServer&) = delete;

  // The child's object server on loopback: object 1 is a demo::Store, object 2 an Adder.
  std::uint16_t port() const { return port_; }

 private:
  pid_t child_ = -1;
  int to_child_ = -1;  // closed by the parent when it ends: the child's signal to stop
  std::uint16_t port_ = 0;
};

}  // namespace rmi::bench
