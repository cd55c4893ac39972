#include "stage1_rpc/rpc/connection.hpp"

#include <utility>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/net/io.hpp"
#include "stage1_rpc/rpc/handshake.hpp"
#include "stage1_rpc/rpc/waiting_call.hpp"
#include "stage1_rpc/wire/frame_reader.hpp"

namespace rmi {

namespace {

// "g int(std::string) on object 3", for traces.
std::string describe_call(std::string_view name, std::string_view signature,
                          std::string_view target) {
  return std::string(name) + " " + std::string(signature) +
         (target.empty() ? "" : " on " + std::string(target));
}

}  // namespace

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
  for (;;) {
    Socket socket;
    {
      std::scoped_lock lock(mutex_);
      if (idle_.empty()) break;
      socket = std::move(idle_.back());
      idle_.pop_back();
    }
    // A kept connection that has been closed by the server (a restart, its idle timeout), or
    // that holds bytes no call asked for, cannot carry this call: let it go and try the next.
    if (is_quiet(socket)) return Line{std::move(socket), true};
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
                           std::string_view target, const Deadline& deadline, Exchange exchange) {
  // Built only when needed: most calls never need to describe themselves.
  const auto where = [&] {
    return "call '" + std::string(name) + " " + std::string(signature) + "'" +
           (target.empty() ? "" : " on " + std::string(target)) + " to " + server_.to_string() +
           ": ";
  };
  // What this thread holds (a server thread: its object's turn) is let go while it waits, so
  // that a call back into this process can be served meanwhile (waiting_call.hpp).
  LetGoWhileWaiting let_go;
  Line line;
  try {
    line = take_line(deadline);
    auto result = exchange(line, deadline);
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
  return with_line(name, signature, call.target, Deadline::after(timeout),
                   [&](Line& line, const Deadline& deadline) {
                     send_or_read_refusal(line.socket, request, deadline);
                     if (tracer_.enabled()) {
                       tracer_.sent(request.kind(), request.payload().size(),
                                    describe_call(name, signature, call.target));
                     }
                     return read_reply(line.socket, deadline, call, name, signature);
                   });
}

void Connection::send(OutFrame& message, std::string_view name, std::string_view signature,
                      std::string_view target, std::chrono::milliseconds timeout) {
  const auto limit = timeout.count() > 0 ? timeout : options_.call_timeout;
  with_line(
      name, signature, target, Deadline::after(limit), [&](Line& line, const Deadline& deadline) {
        send_or_read_refusal(line.socket, message, deadline);
        if (tracer_.enabled()) {
          tracer_.sent(message.kind(), message.payload().size(),
                       std::string(name) + " " + std::string(signature) + " (no reply wanted)");
        }
        return true;
      });
}

}  // namespace rmi
