#include "stage1_rpc/rpc/server.hpp"

#include <limits>

#include "stage1_rpc/core/demangle.hpp"
#include "stage1_rpc/core/error.hpp"

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
      payload_budget_(options_.max_payload_bytes_in_flight) {}

Server::~Server() {
  stop();
}

void Server::start() {
  if (!acceptor_.joinable()) acceptor_ = std::jthread([this] { accept_loop(); });
}

void Server::stop() {
  stopping_ = true;
  listener_.interrupt();
  connections_.close_all();
  if (acceptor_.joinable()) acceptor_.join();
  listener_.close();
  connections_.join_all(options_.stop_grace);
}

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

    if (options_.policy == ConnectionPolicy::OneCallPerConnection) {
      connections_.serve_here(std::move(*client),
                              [this](Socket& socket) { serve_connection(socket, 1); });
      continue;
    }
    if (connections_.reap() >= options_.max_connections) {
      options_.log("refused a connection from " + client->peer().to_string() + ": already " +
                   std::to_string(options_.max_connections) + " connections open");
      continue;  // the socket closes here
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

void Server::serve_connection(Socket& socket, std::size_t max_calls) {
  try {
    socket.set_receive_timeout(options_.idle_timeout);
    socket.set_send_timeout(options_.idle_timeout);
    for (std::size_t calls = 0; calls < max_calls; ++calls) {
      if (!serve_one_call(socket)) return;
    }
  } catch (const std::exception& e) {
    // While stopping, we cut connections ourselves: that is no fault of the client's.
    options_.log("closing the connection from " + socket.peer().to_string() + ": " +
                 (stopping_ ? std::string("the server is stopping") : std::string(e.what())));
  }
}

// Serves one request; returns false when the client has closed the connection.
bool Server::serve_one_call(Socket& socket) {
  std::optional<Frame> frame = read_frame(
      socket, options_.limits, Deadline::within(options_.idle_timeout), &payload_budget_);
  if (!frame) return false;

  OutFrame reply(MessageKind::Reply, options_.limits);
  Request request{*frame, reply, socket.peer(), {}};
  std::string failure;
  try {
    handler_(request);
  } catch (const std::exception& e) {
    failure = explain(e);
  } catch (...) {
    failure = "it threw something that is not a std::exception";
  }
  tracer_.received(frame->kind, frame->payload.size(), request.what);
  if (!request.send_reply && tracer_.enabled()) tracer_.note(request.what + ": " + request.outcome);
  if (!failure.empty()) {
    tracer_.note("failed: " + failure + "; closing the connection");
    throw Error(request.what.empty() ? failure : "call '" + request.what + "' failed: " + failure);
  }
  if (request.send_reply) {
    write_frame(socket, reply, Deadline::within(options_.idle_timeout));
    tracer_.sent(reply.kind(), reply.payload().size(), request.what + ": " + request.outcome);
  }
  return true;
}

}  // namespace rmi
