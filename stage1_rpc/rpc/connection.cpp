#include "stage1_rpc/rpc/connection.hpp"

#include <poll.h>

#include "stage1_rpc/core/error.hpp"

namespace rmi {

Connection::Connection(Endpoint server, ClientOptions options)
    : server_(std::move(server)), options_(options), tracer_("client", options.trace) {}

namespace {

// A kept connection that has become readable while idle has been closed by the server (or
// carries bytes nobody asked for): either way it cannot carry the next call.
bool closed_by_peer(const Socket& socket) {
  pollfd check{socket.fd(), POLLIN, 0};
  return ::poll(&check, 1, 0) != 0;
}

}  // namespace

void Connection::connect_if_needed() {
  if (socket_.is_open()) {
    if (!closed_by_peer(socket_)) return;
    socket_.close();
  }
  socket_ = connect_to(server_, options_.connect_timeout);
  socket_.set_receive_timeout(options_.call_timeout);
  socket_.set_send_timeout(options_.call_timeout);
}

Frame Connection::call(OutFrame& request, std::string_view name, std::string_view signature) {
  // Built only when needed: most calls never need to describe themselves.
  const auto call_text = [&] { return std::string(name) + " " + std::string(signature); };
  const auto where = [&] { return "call '" + call_text() + "' to " + server_.to_string() + ": "; };
  std::scoped_lock lock(mutex_);
  const bool kept = socket_.is_open();
  // The hint for a failure on a kept connection: the server may have closed it meanwhile.
  const auto hint = [&] {
    return kept ? " (the connection was kept from an earlier call; if the server closes "
                  "connections after each call, use ClientOptions::connect_per_call)"
                : "";
  };
  try {
    connect_if_needed();
    Deadline deadline = options_.call_timeout.count() > 0
                            ? Deadline::at(Deadline::Clock::now() + options_.call_timeout)
                            : Deadline::none();
    write_frame(socket_, request, deadline);
    if (tracer_.enabled()) tracer_.sent(request.kind(), request.payload().size(), call_text());
    std::optional<Frame> reply = read_frame(socket_, options_.limits, deadline);
    if (!reply) {
      tracer_.note(call_text() + ": the connection closed without a reply");
      throw ConnectionError(
          "the server closed the connection without replying: it refused or failed the call, "
          "or it stopped (its log says which)");
    }
    if (reply->kind != MessageKind::Reply) {
      throw ProtocolError("expected a Reply frame, got " + to_string(reply->kind));
    }
    if (tracer_.enabled())
      tracer_.received(reply->kind, reply->payload.size(), call_text() + ": ok");
    if (options_.connect_per_call) socket_.close();
    return std::move(*reply);
  } catch (const Timeout& e) {
    socket_.close();  // a late reply must never be taken for the next call's
    throw Timeout(where() + e.what());
  } catch (const ProtocolError& e) {
    socket_.close();
    throw ProtocolError(where() + e.what());
  } catch (const Error& e) {
    socket_.close();
    throw ConnectionError(where() + e.what() + hint());
  }
}

namespace detail {

void throw_malformed_reply(const Connection& server, std::string_view name,
                           const std::exception& reason) {
  throw ProtocolError("the reply to '" + std::string(name) + "' from " +
                      server.server().to_string() + " is malformed: " + reason.what());
}

}  // namespace detail

}  // namespace rmi
