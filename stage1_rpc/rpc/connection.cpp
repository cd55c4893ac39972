#include "stage1_rpc/rpc/connection.hpp"

#include <poll.h>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/rpc/handshake.hpp"

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

void Connection::connect_if_needed(std::chrono::milliseconds timeout) {
  if (socket_.is_open() && closed_by_peer(socket_)) socket_.close();
  if (!socket_.is_open()) {
    socket_ = connect_to(server_, options_.connect_timeout);
    socket_.set_send_timeout(options_.call_timeout);
    if (!options_.token.empty()) {
      socket_.set_receive_timeout(options_.call_timeout);
      greet(socket_, options_.token, options_.limits, Deadline::within(options_.call_timeout));
    }
  }
  if (socket_.receive_timeout() != timeout) socket_.set_receive_timeout(timeout);
}

// One call at a time on the socket. A plain flag under a mutex and a condition variable, rather
// than a timed mutex: waiting has a deadline, and ThreadSanitizer understands this one.
Connection::Turn Connection::take_turn(std::optional<Deadline::Clock::time_point> until) {
  std::unique_lock lock(turn_mutex_);
  const auto free = [this] { return !busy_; };
  if (!until) {
    turn_free_.wait(lock, free);
  } else if (!turn_free_.wait_until(lock, *until, free)) {
    return Turn(nullptr);
  }
  busy_ = true;
  return Turn(this);
}

Connection::Turn::~Turn() {
  if (owner_ == nullptr) return;
  {
    std::scoped_lock lock(owner_->turn_mutex_);
    owner_->busy_ = false;
  }
  owner_->turn_free_.notify_one();
}

template <class Exchange>
auto Connection::with_connection(std::string_view name, std::string_view signature,
                                 std::string_view target, std::chrono::milliseconds timeout,
                                 Exchange exchange) {
  // Built only when needed: most calls never need to describe themselves.
  const auto where = [&] {
    return "call '" + std::string(name) + " " + std::string(signature) + "'" +
           (target.empty() ? "" : " on " + std::string(target)) + " to " + server_.to_string() +
           ": ";
  };
  // The call's time starts now, waiting for the connection included: a call queued behind a
  // slow one on a shared Connection still ends at its own deadline.
  const auto started = Deadline::Clock::now();
  const Turn turn =
      take_turn(timeout.count() > 0 ? std::optional(started + timeout) : std::nullopt);
  if (!turn.taken()) {
    throw Timeout(where() + "the connection was busy with another call for the whole " +
                  std::to_string(timeout.count()) +
                  " ms allowed (for calls in parallel, give each thread its own Connection)");
  }
  const bool kept = socket_.is_open();
  // The hint for a failure on a kept connection: the server may have closed it meanwhile.
  const auto hint = [&] {
    return kept ? " (the connection was kept from an earlier call; if the server closes "
                  "connections after each call, use ClientOptions::connect_per_call)"
                : "";
  };
  try {
    connect_if_needed(timeout);
    const Deadline deadline =
        timeout.count() > 0 ? Deadline::at(started + timeout) : Deadline::none();
    auto result = exchange(deadline);
    if (options_.connect_per_call) socket_.close();
    return result;
  } catch (const Timeout& e) {
    socket_.close();  // a late reply must never be taken for the next call's
    throw Timeout(where() + e.what());
  } catch (const ProtocolError& e) {
    socket_.close();
    throw ProtocolError(where() + e.what());
  } catch (const AccessDenied& e) {
    socket_.close();
    throw AccessDenied(where() + e.what());
  } catch (const Error& e) {
    socket_.close();
    throw ConnectionError(where() + e.what() + hint());
  }
}

Frame Connection::call(OutFrame& request, std::string_view name, std::string_view signature,
                       const CallOptions& call) {
  const auto timeout = call.timeout.count() > 0 ? call.timeout : options_.call_timeout;
  return with_connection(name, signature, call.target, timeout, [&](Deadline deadline) {
    const auto what = [&] {
      return std::string(name) + " " + std::string(signature) +
             (call.target.empty() ? "" : " on " + std::string(call.target));
    };
    write_frame(socket_, request, deadline);
    if (tracer_.enabled()) tracer_.sent(request.kind(), request.payload().size(), what());
    std::optional<Frame> reply = read_frame(socket_, options_.limits, deadline);
    if (!reply) {
      tracer_.note(what() + ": the connection closed without a reply");
      throw ConnectionError(
          "the server closed the connection without replying: it refused or failed the call, "
          "or it stopped (its log says which)");
    }
    throw_if_refused(*reply, server_);
    if (reply->kind == MessageKind::TaggedReply && call.reply_kind == MessageKind::Reply) {
      throw ProtocolError(
          "the server answered with a TaggedReply: it is a stage 2 object server, whose "
          "functions are called through a stage 2 Proxy on object 0");
    }
    if (reply->kind != call.reply_kind) {
      throw ProtocolError("expected a " + to_string(call.reply_kind) + " frame, got " +
                          to_string(reply->kind));
    }
    if (tracer_.enabled()) {
      // A stage 1 Reply can only be a value; a stage 2 TaggedReply's first byte is its tag
      // (0 value, 1 exception: see frame.hpp).
      std::string outcome = ": ok";
      if (reply->kind == MessageKind::TaggedReply) {
        outcome = !reply->payload.empty() && reply->payload[0] == 0 ? ": value" : ": exception";
      }
      tracer_.received(reply->kind, reply->payload.size(), what() + outcome);
    }
    return std::move(*reply);
  });
}

void Connection::send(OutFrame& message, std::string_view name, std::string_view signature,
                      std::string_view target, std::chrono::milliseconds timeout) {
  const auto limit = timeout.count() > 0 ? timeout : options_.call_timeout;
  with_connection(name, signature, target, limit, [&](Deadline deadline) {
    write_frame(socket_, message, deadline);
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
