// Must NOT compile: binding and calling functions whose types cannot be marshalled. `make test`
// compiles this file and checks that each mistake gives one readable error, not pages of Boost.
#include "stage1_rpc/rpc/function_server.hpp"
#include "stage1_rpc/rpc/remote_function.hpp"

struct Opaque {  // no serialize(): cannot travel
  int secret = 0;
};

void bind_it(rmi::FunctionServer& server) {
  server.bind("peek", [](Opaque o) { return o.secret; });  // EXPECT-ERROR Marshallable
}

void call_it(rmi::Connection& server) {
  rmi::call<Opaque>(server, "make");  // EXPECT-ERROR Marshallable
}

void out_parameter(rmi::FunctionServer& server) {
  server.bind("grow", [](int& x) { ++x; });  // EXPECT-ERROR cannot change its caller's arguments
}
