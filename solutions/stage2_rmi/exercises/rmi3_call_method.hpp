#pragma once
// EXERCISE RMI.3, client side — the proxy's call                     (lectures/2-rmi.md#rmi3)
// Reference solution.
#include <type_traits>

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
  OutFrame request(MessageKind::ObjectCall, server.options().limits);
  {
    OutArchive out(request);
    write_call_header(out, call);
    pack_arguments(out, as_wire_value(args)...);
  }
  const CallOptions options{MessageKind::TaggedReply, call.timeout, call.target()};
  const Frame reply = server.call(request, call.method, call.signature, options);

  InArchive in(reply.payload);
  open_reply(in, call, server.server());
  if constexpr (std::is_void_v<R>) {
    in.expect_end("the reply");
  } else {
    R result;
    in >> result;
    in.expect_end("the reply");
    return result;
  }
}

}  // namespace rmi
