// How a Connection's calls cross the wire: the request sent (or the server's refusal read, when
// sending fails), and the reply read and checked.             See lectures/1-rpc.md#the-client
#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/rpc/connection.hpp"
#include "stage1_rpc/rpc/handshake.hpp"
#include "stage1_rpc/wire/frame_reader.hpp"

namespace rmi {

// A server may refuse us after reading only the header of a large call, and close while we are
// still sending the rest: the send then fails, but the reason is waiting to be read.
void Connection::send_or_read_refusal(Socket& socket, OutFrame& request, const Deadline& deadline) {
  try {
    write_frame(socket, request, deadline);
  } catch (const ConnectionError&) {
    std::optional<Frame> answer;
    try {
      answer = read_frame(socket, options_.limits, deadline);
    } catch (const Error&) {
      // nothing readable: the send's own error says what happened
    }
    if (answer) throw_if_refused(*answer, server_);
    throw;
  }
}

// The reply to the call on `socket`, all of it taken in one recv() when it has arrived whole.
Frame Connection::read_reply(Socket& socket, const Deadline& deadline, const CallOptions& call,
                             std::string_view name, std::string_view signature) {
  const auto what = [&] {
    return std::string(name) + " " + std::string(signature) +
           (call.target.empty() ? "" : " on " + call.target);
  };
  FrameReader reader(socket);
  std::optional<Frame> reply = reader.read_frame(options_.limits, deadline);
  if (!reply) {
    tracer_.note(what() + ": the connection closed without a reply");
    throw ConnectionError(
        "the server closed the connection without replying: it refused or failed the call, "
        "or it stopped (its log says which)");
  }
  throw_if_refused(*reply, server_);
  if (reply->kind != call.reply_kind) {
    const std::string note = about(reply->kind);
    throw ProtocolError("expected a " + to_string(call.reply_kind) + " frame, got a " +
                        to_string(reply->kind) + (note.empty() ? "" : " (" + note + ")"));
  }
  if (tracer_.enabled()) {
    tracer_.received(reply->kind, reply->payload.size(),
                     what() + ": " + (call.describe_reply ? call.describe_reply(*reply) : "ok"));
  }
  // Bytes after the reply were never asked for: this connection is not to be trusted again.
  if (reader.read_ahead() > 0) socket.close();
  return std::move(*reply);
}

namespace detail {

void throw_malformed_reply(const Connection& server, std::string_view name,
                           const std::exception& reason) {
  throw ProtocolError("the reply to '" + std::string(name) + "' from " +
                      server.server().to_string() + " is malformed: " + reason.what());
}

}  // namespace detail

}  // namespace rmi
