#include "stage1_rpc/rpc/handshake.hpp"

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/core/printable.hpp"
#include "stage1_rpc/wire/codec.hpp"

namespace rmi {

void greet(Socket& socket, std::string_view token, const FrameLimits& limits, Deadline deadline) {
  OutFrame hello(MessageKind::Hello, limits);
  {
    OutArchive out(hello);
    out << std::string(token);
  }
  write_frame(socket, hello, deadline);
  const std::optional<Frame> answer = read_frame(socket, limits, deadline);
  if (!answer) {
    throw ConnectionError("the server closed the connection during the handshake");
  }
  throw_if_refused(*answer, socket.peer());
  if (answer->kind != MessageKind::Welcome) {
    throw ProtocolError("expected a Welcome frame after the handshake, got " +
                        to_string(answer->kind));
  }
}

void throw_if_refused(const Frame& frame, const Endpoint& server) {
  if (frame.kind != MessageKind::Refused) return;
  std::string reason;
  try {
    InArchive in(frame.payload);
    in >> reason;
  } catch (const Error&) {
    reason = "(no readable reason given)";
  }
  throw AccessDenied("refused by " + server.to_string() + ": " + printable(reason, 200));
}

std::string token_of(const Frame& hello) {
  InArchive in(hello.payload);
  std::string token;
  in >> token;
  in.expect_end("the Hello frame");
  return token;
}

void send_welcome(Socket& socket, Deadline deadline) {
  OutFrame welcome(MessageKind::Welcome);
  write_frame(socket, welcome, deadline);
}

void send_refusal(Socket& socket, std::string_view reason, Deadline deadline) {
  OutFrame refused(MessageKind::Refused);
  {
    OutArchive out(refused);
    out << std::string(reason);
  }
  write_frame(socket, refused, deadline);
}

}  // namespace rmi
