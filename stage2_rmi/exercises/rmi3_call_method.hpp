#pragma once
// EXERCISE RMI.3, client side — the proxy's call                     (lectures/2-rmi.md#rmi3)
//
// Goal:      proxy.call<int>("g", "bar") must reach the proxy's object as an ObjectCall and
//            come back as the int the method returned, or as the exception it threw.
// Contract:  call_method<R>(server, call, args...) makes the call over `server` and returns
//            its value, or throws what it throws:
//   - on the wire it is a kObjectCall frame (within the connection's frame limits) whose payload
//     is the call's header (write_call_header, rmi/call_header.hpp) followed by the arguments
//     as RMI.1a packs them, each as its wire value (as_wire_value: text travels as std::string);
//   - the answer must be a kTaggedReply; the connection waits for it call.timeout at most, and
//     names the call by call.target() in its messages and traces (describe_tagged_reply says
//     what a reply carries, for the trace) — see CallOptions, rpc/connection.hpp;
//   - the reply is opened as RMI.2's client side says; then it holds exactly one R (nothing for
//     void): anything left over is a ProtocolError (InArchive::expect_end).
// Done when: make grade EX=RMI.3   shows RMI.3 pass.
#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/exercises/rmi1a_pack_call.hpp"
#include "stage1_rpc/rpc/connection.hpp"
#include "stage1_rpc/wire/codec.hpp"
#include "stage1_rpc/wire/marshallable.hpp"
#include "stage2_rmi/rmi/call_header.hpp"
#include "stage2_rmi/rmi/reply_tag.hpp"

namespace rmi {

template <class R, class... Args>
R call_method(Connection& server, const MethodCall& call, const Args&... args) {
  throw NotImplemented("RMI.3", "call_method", "lectures/2-rmi.md#rmi3");
}

}  // namespace rmi
