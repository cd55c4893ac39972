#pragma once
// EXERCISE RMI.3, client side — the proxy's call                     (lectures/2-rmi.md#rmi3)
//
// Goal:      proxy.call<int>("g", "bar") must reach the proxy's object as an ObjectCall and
//            come back as the int the method returned, or as the exception it threw.
// Contract:  call_method<R>(server, call, args...):
//   1. builds an OutFrame of kind kObjectCall (with the connection's frame limits)
//      whose payload an OutArchive fills with write_call_header(out, call) and then the
//      arguments: pack_arguments (RMI.1a) of as_wire_value(args)...;
//   2. sends it with server.call(frame, call.method, call.signature, options), the options
//      saying that the reply must be a kTaggedReply, with the call's timeout and
//      call.target() as the target;
//   3. opens the reply: an InArchive on its payload, then open_reply(in, call, server.server()),
//      which throws what the server threw;
//   4. reads and returns the R value (nothing for void), after checking with
//      in.expect_end("the reply") that nothing else follows it.
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
