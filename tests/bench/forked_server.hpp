#pragma once
// A server in a process of its own, forked from the bench before it starts any thread. Stage 4's
// bench needs one: a reference returned to the process that exports it is that process's own
// object (lectures/4-references.md#identity), so a server in the bench's own process would
// measure no network at all. The crowd needs one to tell the server's processor time from its
// clients'.
#include <sys/types.h>

#include <cstdint>
#include <functional>

namespace rmi::bench {

class ForkedServer {
 public:
  // Runs in the child: builds and starts a server, then calls `serving` with its port, which
  // returns when the bench ends.
  using Serve = std::function<void(const std::function<void(std::uint16_t port)>& serving)>;

  // Call first in main, while the process has one thread. The child runs on `core`, if one is
  // given.
  explicit ForkedServer(const Serve& serve, int core = -1);
  ~ForkedServer();
  ForkedServer(const ForkedServer&) = delete;
  ForkedServer& operator=(const ForkedServer&) = delete;

  std::uint16_t port() const { return port_; }
  pid_t pid() const { return child_; }

 private:
  pid_t child_ = -1;
  int to_child_ = -1;  // closed by the parent when it ends: the child's signal to stop
  std::uint16_t port_ = 0;
};

}  // namespace rmi::bench
