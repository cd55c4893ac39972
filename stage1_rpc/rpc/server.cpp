#include "stage1_rpc/rpc/server.hpp"

#include <algorithm>
#include <limits>

#include "stage1_rpc/core/demangle.hpp"
#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/net/io.hpp"
#include "stage1_rpc/rpc/handshake.hpp"
#include "stage1_rpc/wire/frame_reader.hpp"

namespace rmi {

namespace {

// Our own errors already say what happened; anything else gets its type named as well.
std::string explain(const std::exception& e) {
  return dynamic_cast<const Error*>(&e) != nullptr ? e.what() : describe(e);
}

}  // namespace

Server::Server(ServerOptions options, RequestHandler handler)
    : options_(std::move(options)),
      handler_(std::move(handler)),
      // The lecture's loop has one thread that accepts, and no door (server_door.cpp).
      listener_(options_.address, SOMAXCONN,
                options_.policy == ConnectionPolicy::OneCallPerConnection
                    ? Listener::Waiting::InAccept
                    : Listener::Waiting::InPoll),
      tracer_("server " + listener_.endpoint().to_string(), options_.trace),
      payload_budget_(options_.max_payload_bytes_held, options_.max_payload_bytes_per_host),
      peer_log_(options_.log, options_.peer_log_limits) {
  // Each connection's first recv() waits for its first call (first_deadline()), so every
  // accepted socket starts with the timeout for that wait. A one-call connection's deadline began
  // when it was accepted, a moment before that recv(): hence a millisecond less.
  using namespace std::chrono_literals;
  const std::chrono::milliseconds first_wait =
      options_.policy == ConnectionPolicy::OneCallPerConnection
          ? std::max(options_.one_call_timeout - 1ms, options_.one_call_timeout / 2)
          : options_.idle_timeout;
  if (first_wait.count() > 0) listener_.limit_receive_wait(first_wait);
}

Endpoint Server::advertised_endpoint() const {
  const Endpoint& bound = listener_.endpoint();
  return {options_.advertised_host.empty() ? bound.host : options_.advertised_host, bound.port};
}

void Server::serve_connection(Socket& socket, std::size_t max_calls) {
  try {
    // What this connection holds for its peer in large payloads: its request while it arrives
    // and is answered, then its reply until it is sent (payload_budget.hpp).
    PayloadBudget::Share held = payload_budget_.open(socket.peer().host);
    // Its line in the list of running calls, which each of its calls marks while it runs.
    RunningCalls::Entry running(running_calls_, socket.peer());
    // Every frame of the connection is read through it: a small call costs one recv().
    FrameReader reader(socket);
    Deadline deadline = first_deadline(max_calls);
    const std::optional<FrameHeader> first = reader.read_header(options_.limits, deadline);
    if (!first) return;
    std::optional<Frame> frame;
    if (first->kind == MessageKind::Hello || options_.access.validator) {
      frame = admit(reader, socket, *first, deadline, held);
    } else {
      frame = reader.read_payload(*first, deadline, &held);
    }
    for (std::size_t calls = 0; frame && calls < max_calls; ++calls) {
      serve_one_call(socket, *frame, held, running);
      frame.reset();
      held.release();
      answer_knocks();
      if (calls + 1 < max_calls) frame = read_request(reader, held);
    }
  } catch (const std::exception& e) {
    // While stopping, we cut connections ourselves: that is no fault of the client's.
    log_about(socket.peer(),
              "closing the connection from " + socket.peer().to_string() + ": " +
                  (stopping_ ? std::string("the server is stopping") : std::string(e.what())));
  }
}

// The lecture's loop serves one client at a time, so its client must be quick about its call.
Deadline Server::first_deadline(std::size_t max_calls) const {
  return max_calls == 1 ? Deadline::after(options_.one_call_timeout)
                        : Deadline::within(options_.idle_timeout);
}

// The next frame, or nothing when the client has closed the connection.
std::optional<Frame> Server::read_request(FrameReader& reader, PayloadBudget::Share& held) {
  // Stopping: no more calls, not even those the client sent ahead and the reader holds already.
  if (stopping_) return std::nullopt;
  return reader.read_frame(options_.limits, Deadline::within(options_.idle_timeout), &held);
}

// The handshake (handshake.hpp). A Hello, which must be small, brings a token; a first call
// without one brings none. The validator decides from the token and the peer's address before
// more of a call is read than the reader's small buffer holds: a stranger cannot make the server
// take in, and hold, megabytes before it is refused. Returns the first call to serve, or nothing.
std::optional<Frame> Server::admit(FrameReader& reader, Socket& socket, const FrameHeader& first,
                                   Deadline& deadline, PayloadBudget::Share& held) {
  const bool hello = first.kind == MessageKind::Hello;
  std::string token;
  if (hello) {
    if (first.payload_bytes > kMaxHelloBytes) {
      throw ProtocolError("a Hello frame of " + std::to_string(first.payload_bytes) +
                          " bytes: a handshake may take at most " + std::to_string(kMaxHelloBytes));
    }
    token = token_of(reader.read_payload(first, deadline));
  }
  if (options_.access.validator) {
    if (const auto reason = options_.access.validator(socket.peer(), token)) {
      handshakes_.failed(socket.peer().host);
      refuse(socket, *reason);
      return std::nullopt;
    }
    handshakes_.succeeded(socket.peer().host);
  }
  if (!hello) return reader.read_payload(first, deadline, &held);
  send_welcome(socket, Deadline::after(options_.idle_timeout));
  return read_request(reader, held);
}

void Server::serve_one_call(Socket& socket, const Frame& frame, PayloadBudget::Share& held,
                            RunningCalls::Entry& connection) {
  OutFrame reply(MessageKind::Reply, options_.limits);
  RunningCalls::Call running(connection);  // for stop(), while it runs
  Request request(frame, reply, socket, tracer_, &running);
  std::string failure;
  try {
    handler_(request);
  } catch (const std::exception& e) {
    failure = explain(e);
  } catch (...) {
    failure = "it threw something that is not a std::exception";
  }
  const std::string& what = request.what();
  if (!request.send_reply && tracer_.enabled()) tracer_.note(what + ": " + request.outcome);
  if (!failure.empty()) {
    tracer_.note("failed: " + failure + "; closing the connection");
    throw Error(what.empty() ? failure : "call '" + what + "' failed: " + failure);
  }
  if (!request.send_reply) return;
  // A large reply is held until its client has read it: it counts, and a client that sends
  // large calls but never reads the replies is cut off at its host's limit.
  if (reply.payload().size() > kReadChunk) held.grow(reply.payload().size());
  write_frame(socket, reply, Deadline::after(options_.idle_timeout));
  if (tracer_.enabled())
    tracer_.sent(reply.kind(), reply.payload().size(), what + ": " + request.outcome);
}

Request::Request(const Frame& frame_in, OutFrame& reply_out, const Socket& connection,
                 const Tracer& tracer, RunningCalls::Call* running)
    : frame(frame_in),
      reply(reply_out),
      peer(connection.peer()),
      connection_(connection),
      tracer_(tracer),
      running_(running) {}

// A request that was never named (its header did not decode) is traced when it is done.
Request::~Request() {
  if (!traced_) tracer_.received(frame.kind, frame.payload.size(), what_);
}

void Request::name(std::string what) {
  what_ = std::move(what);
  if (running_ != nullptr) running_->name(what_);
  if (!traced_) tracer_.received(frame.kind, frame.payload.size(), what_);
  traced_ = true;
}

bool Request::caller_gone() const {
  return peer_has_closed(connection_);
}

}  // namespace rmi
