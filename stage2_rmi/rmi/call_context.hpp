#pragma once
// Who is calling. A method of an exported object cannot see the connection its call came over;
// while it runs, current_call() says who made the call (Pyro's current_context). A lookup
// service uses it to refuse a loopback reference sent from another host; any method may use it
// to log or to decide. Outside a call it is nothing.          See lectures/2-rmi.md#the-server
#include "stage1_rpc/net/endpoint.hpp"

namespace rmi {

struct CallContext {
  Endpoint caller;  // the peer's address, as the server's socket sees it
};

// The call this thread is serving, or nullptr.
const CallContext* current_call();

// Makes `context` the current call of this thread for the scope's lifetime (ObjectServer does).
class CallContextScope {
 public:
  explicit CallContextScope(const CallContext& context);
  ~CallContextScope();
  CallContextScope(const CallContextScope&) = delete;
  CallContextScope& operator=(const CallContextScope&) = delete;

 private:
  const CallContext* previous_;
};

}  // namespace rmi
