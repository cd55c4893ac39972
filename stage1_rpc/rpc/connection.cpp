#include "stage1_rpc/rpc/connection.hpp"

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/net/io.hpp"
#include "stage1_rpc/rpc/handshake.hpp"
#include "stage1_rpc/rpc/waiting_call.hpp"
#include "stage1_rpc/wire/frame_reader.hpp"

namespace rmi {

Connection::Connection(Endpoint server, ClientOptions options)
    : server_(std::move(server)),
      options_(std::move(options)),
      tracer_("client to " + server_.to_string(), options_.trace) {
  if (options_.connect_timeout.count() <= 0 || options_.call_timeout.count() <= 0) {
    throw Error("client options for " + server_.to_string() +
                ": connect_timeout and call_timeout must be positive; no wait is for ever");
  }
}

Connection::Line Connection::take_line(const Deadline& deadline) {
  {
    std::scoped_lock lock(mutex_);
    while (!idle_.empty()) {
      Socket socket = std::move(idle_.back());
      idle_.pop_back();
      // A kept connection that has been closed by the server (or carries bytes nobody asked
      // for) cannot carry this call: let it go and try the next.
      if (!peer_has_closed(socket)) return Line{std::move(socket), true};
    }
  }
  return Line{open(deadline), false};
}

Socket Connection::open(const Deadline& deadline) {
  // Connecting has a limit of its own, within the call's.
  const Deadline connecting = options_.connect_timeout.count() < deadline.remaining_ms()
                                  ? Deadline::after(options_.connect_timeout)
                                  : deadline;
  Socket socket = connect_to(server_, connecting, options_.local_host);
  if (!options_.token.empty()) greet(socket, options_.token, options_.limits, deadline);
  return socket;
}

void Connection::keep(Line line) {
  if (options_.connect_per_call || !line.socket.is_open()) return;
  std::scoped_lock lock(mutex_);
  if (idle_.size() < options_.max_idle_connections) idle_.push_back(std::move(line.socket));
}

template <class Exchange>
auto Connection::with_line(std::string_view name, std::string_view signature,
                           std::string_view target, std::chrono::milliseconds timeout,
                           Exchange exchange) {
  // Built only when needed: most calls never need to describe themselves.
  const auto where = [&] {
    return "call '" + std::string(name) + " " + std::string(signature) + "'" +
           (target.empty() ? "" : " on " + std::string(target)) + " to " + server_.to_string() +
           ": ";
  };
  const Deadline deadline = Deadline::after(timeout);
  // What this thread holds (a server thread: its object's turn) is let go while it waits, so
  // that a call back into this process can be served meanwhile (waiting_call.hpp).
  LetGoWhileWaiting let_go;
  Line line;
  try {
    line = take_line(deadline);
    auto result = exchange(line.socket, deadline);
    keep(std::move(line));
    let_go.take_back();  // may time out: the method that made this call cannot go on then
    return result;
  } catch (const Timeout& e) {
    throw Timeout(where() + e.what());
  } catch (const ProtocolError& e) {
    throw ProtocolError(where() + e.what());
  } catch (const AccessDenied& e) {
    throw AccessDenied(where() + e.what());
  } catch (const Error& e) {
    // A connection kept from an earlier call that ends without a reply may have been closed by
    // a server that closes each connection after one call.
    const bool maybe_closed_after_one_call =
        line.kept && std::string_view(e.what()).find("without replying") != std::string::npos;
    throw ConnectionError(where() + e.what() +
                          (maybe_closed_after_one_call
                               ? " (over a connection kept from an earlier call: if the server "
                                 "closes connections after each call, use "
                                 "ClientOptions::connect_per_call)"
                               : ""));
  }
}

Frame Connection::call(OutFrame& request, std::string_view name, std::string_view signature,
                       const CallOptions& call) {
  const auto timeout = call.timeout.count() > 0 ? call.timeout : options_.call_timeout;
  return with_line(name, signature, call.target, timeout, [&](Socket& socket, Deadline deadline) {
    const auto what = [&] {
      return std::string(name) + " " + std::string(signature) +
             (call.target.empty() ? "" : " on " + call.target);
    };
    send_or_read_refusal(socket, request, deadline);
    if (tracer_.enabled()) tracer_.sent(request.kind(), request.payload().size(), what());
    // The reply cannot be here yet: wait for it first, then take all of it in one recv().
    FrameReader reader(socket);
    std::optional<Frame> reply =
        reader.read_frame(options_.limits, deadline, nullptr, /*wait_first=*/true);
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
  });
}

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

void Connection::send(OutFrame& message, std::string_view name, std::string_view signature,
                      std::string_view target, std::chrono::milliseconds timeout) {
  const auto limit = timeout.count() > 0 ? timeout : options_.call_timeout;
  with_line(name, signature, target, limit, [&](Socket& socket, Deadline deadline) {
    send_or_read_refusal(socket, message, deadline);
    if (tracer_.enabled()) {
      tracer_.sent(message.kind(), message.payload().size(),
                   std::string(name) + " " + std::string(signature) + " (no reply wanted)");
    }
    return true;
  });
}

namespace detail {

void throw_malformed_reply(const Connection& server, std::string_view name,
                           const std::exception& reason) {
  throw ProtocolError("the reply to '" + std::string(name) + "' from " +
                      server.server().to_string() + " is malformed: " + reason.what());
}

}  // namespace detail

}  // namespace rmi
