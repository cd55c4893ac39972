#include "stage1_rpc/rpc/server.hpp"

#include <limits>

#include "stage1_rpc/core/demangle.hpp"
#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/rpc/handshake.hpp"

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
      listener_(options_.address),
      tracer_("server " + listener_.endpoint().to_string(), options_.trace),
      payload_budget_(options_.max_payload_bytes_in_flight),
      peer_log_(options_.log, options_.peer_log_limits) {}

void Server::accept_loop() {
  for (;;) {
    std::optional<Socket> client;
    try {
      client = listener_.accept();
    } catch (const Error& e) {
      // Usually "Too many open files": wait a little for connections to close, then go on.
      options_.log(std::string(e.what()) + "; pausing accept");
      if (listener_.wait_for_interrupt(std::chrono::milliseconds(100))) return;
      continue;
    }
    if (!client) return;  // stop() was called
    if (!options_.access.allows_host(client->peer().host)) {
      refuse(*client, "this host is not on the server's list of allowed hosts");
      continue;
    }

    if (options_.policy == ConnectionPolicy::OneCallPerConnection) {
      connections_.serve_here(std::move(*client),
                              [this](Socket& socket) { serve_connection(socket, 1); });
      continue;
    }
    if (connections_.reap() >= options_.max_connections) {
      refuse(*client, "the server is busy: already " + std::to_string(options_.max_connections) +
                          " connections open; try again later");
      continue;
    }
    const std::string peer = client->peer().to_string();
    try {
      connections_.start_thread(std::move(*client), [this](Socket& socket) {
        serve_connection(socket, std::numeric_limits<std::size_t>::max());
      });
    } catch (const std::exception& e) {  // out of threads or memory: refuse, keep serving
      options_.log("refused a connection from " + peer + ": cannot start a thread: " + e.what());
    }
  }
}

// Said once, then the socket closes. Sent at once or not at all: a refused peer cannot hold up
// the thread that refuses it.
void Server::refuse(Socket& socket, const std::string& reason) {
  log_about(socket.peer(),
            "refused a connection from " + socket.peer().to_string() + ": " + reason);
  try {
    send_refusal(socket, reason, Deadline::within(std::chrono::milliseconds(100)));
  } catch (const Error&) {
    // It has gone already, or does not read: the refusal is in the log either way.
  }
}

void Server::serve_connection(Socket& socket, std::size_t max_calls) {
  try {
    socket.set_receive_timeout(options_.idle_timeout);
    socket.set_send_timeout(options_.idle_timeout);
    std::optional<Frame> frame = read_request(socket);
    if (frame && (frame->kind == MessageKind::Hello || options_.access.validator)) {
      frame = admit(socket, std::move(frame));
    }
    for (std::size_t calls = 0; frame && calls < max_calls; ++calls) {
      serve_one_call(socket, *frame);
      if (calls + 1 < max_calls) frame = read_request(socket);
    }
  } catch (const std::exception& e) {
    // While stopping, we cut connections ourselves: that is no fault of the client's.
    log_about(socket.peer(),
              "closing the connection from " + socket.peer().to_string() + ": " +
                  (stopping_ ? std::string("the server is stopping") : std::string(e.what())));
  }
}

// The next frame, or nothing when the client has closed the connection.
std::optional<Frame> Server::read_request(Socket& socket) {
  return read_frame(socket, options_.limits, Deadline::within(options_.idle_timeout),
                    &payload_budget_);
}

// The handshake (handshake.hpp): a Hello with a token, or the first call without one, goes to
// the validator. Returns the first call to serve; nothing when the peer was refused or left.
std::optional<Frame> Server::admit(Socket& socket, std::optional<Frame> first) {
  const bool hello = first->kind == MessageKind::Hello;
  const std::string token = hello ? token_of(*first) : std::string();
  if (options_.access.validator) {
    if (const auto reason = options_.access.validator(socket.peer(), token)) {
      refuse(socket, *reason);
      return std::nullopt;
    }
  }
  if (!hello) return first;
  send_welcome(socket, Deadline::within(options_.idle_timeout));
  return read_request(socket);
}

void Server::serve_one_call(Socket& socket, const Frame& frame) {
  OutFrame reply(MessageKind::Reply, options_.limits);
  RunningCalls::Entry running(running_calls_, socket.peer());  // for stop(), while it runs
  Request request{frame, reply, socket.peer(), CallName(&running)};
  std::string failure;
  try {
    handler_(request);
  } catch (const std::exception& e) {
    failure = explain(e);
  } catch (...) {
    failure = "it threw something that is not a std::exception";
  }
  const std::string& what = request.what.text();
  tracer_.received(frame.kind, frame.payload.size(), what);
  if (!request.send_reply && tracer_.enabled()) tracer_.note(what + ": " + request.outcome);
  if (!failure.empty()) {
    tracer_.note("failed: " + failure + "; closing the connection");
    throw Error(what.empty() ? failure : "call '" + what + "' failed: " + failure);
  }
  if (request.send_reply) {
    write_frame(socket, reply, Deadline::within(options_.idle_timeout));
    tracer_.sent(reply.kind(), reply.payload().size(), what + ": " + request.outcome);
  }
}

}  // namespace rmi
