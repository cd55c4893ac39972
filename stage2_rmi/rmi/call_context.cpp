#include "stage2_rmi/rmi/call_context.hpp"

namespace rmi {

namespace {
// One per thread, because each connection's calls run on a thread of their own.
thread_local const CallContext* this_threads_call = nullptr;
}  // namespace

const CallContext* current_call() {
  return this_threads_call;
}

CallContextScope::CallContextScope(const CallContext& context) : previous_(this_threads_call) {
  this_threads_call = &context;
}

CallContextScope::~CallContextScope() {
  this_threads_call = previous_;
}

}  // namespace rmi
