#pragma once
// A client's link to one server. It connects on first use and keeps connections open for the
// calls that follow (connecting again when the server has closed one: a restart, an idle
// timeout). Threads share it: each call takes a kept connection that nobody is using, or opens
// another, so calls in parallel never queue behind each other; after the call the connection
// is kept for the next one, up to max_idle_connections.
//
// Every call has one deadline, call_timeout (or its own), and everything it waits for counts
// against it: looking the host up, connecting (also bounded by connect_timeout), the handshake,
// sending the call and receiving the reply.                See lectures/1-rpc.md#the-client
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "stage1_rpc/net/socket.hpp"
#include "stage1_rpc/wire/frame.hpp"
#include "stage1_rpc/wire/trace.hpp"

namespace rmi {

struct ClientOptions {
  // Both must be positive: no wait of the toolkit is "for ever".
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds call_timeout{30'000};
  // The lecture's RemoteFunction: a new connection for every call, closed after the reply.
  bool connect_per_call = false;
  // Connections kept open for later calls, at most; more calls at once open more, closed after.
  std::size_t max_idle_connections = 4;
  // Sent in a Hello frame on every new connection, for the server's validator (access.hpp).
  // Empty: no handshake.
  std::string token;
  FrameLimits limits;
  bool trace = trace_requested();
  // The numeric address of this machine to connect from; empty: the system chooses.
  std::string local_host;
};

// What is special about one call (stage 2 uses these; stage 1's calls need none).
struct CallOptions {
  MessageKind reply_kind = MessageKind::Reply;  // the kind of frame the answer must be
  std::chrono::milliseconds timeout{0};         // 0: the connection's call_timeout
  // Whom it is for, e.g. "object 3", for messages. Owned: it is often built for the call
  // (MethodCall::target() returns a new string), and a view of that would dangle.
  std::string target{};
  // What the reply says, for the trace ("value", "exception std::out_of_range"); none: "ok".
  std::string (*describe_reply)(const Frame& reply) = nullptr;
};

class Connection {
 public:
  explicit Connection(Endpoint server, ClientOptions options = {});
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  const Endpoint& server() const { return server_; }
  const ClientOptions& options() const { return options_; }

  // Sends the call in `request` and returns the reply. `name` and `signature` say which call
  // this is, for error messages and traces. Throws ConnectionError, Timeout, ProtocolError or
  // AccessDenied, each naming the call and the server; the connection it used is closed then,
  // so that a late reply can never be taken for another call's.
  Frame call(OutFrame& request, std::string_view name, std::string_view signature,
             const CallOptions& options = {});

  // Sends a message that wants no reply (stage 2's one-way calls): returns once it is sent.
  // A timeout of 0 means the connection's call_timeout.
  void send(OutFrame& message, std::string_view name, std::string_view signature,
            std::string_view target = {}, std::chrono::milliseconds timeout = {});

 private:
  // A connection for one call: a kept one that is still open, or a new one.
  struct Line {
    Socket socket;
    bool kept = false;  // used by an earlier call: the server may have closed it meanwhile
  };
  Line take_line(const Deadline& deadline);
  void keep(Line line);
  Socket open(const Deadline& deadline);
  void send_or_read_refusal(Socket& socket, OutFrame& request, const Deadline& deadline);
  Frame read_reply(Socket& socket, const Deadline& deadline, const CallOptions& call,
                   std::string_view name, std::string_view signature);
  // Runs `exchange(line, deadline)` on a line it takes; keeps the line after unless the
  // exchange closed it; on failure closes it and rethrows with the call's context.
  template <class Exchange>
  auto with_line(std::string_view name, std::string_view signature, std::string_view target,
                 const Deadline& deadline, Exchange exchange);

  const Endpoint server_;
  const ClientOptions options_;
  const Tracer tracer_;
  std::mutex mutex_;
  std::vector<Socket> idle_;  // guarded by mutex_: open connections no call is using
};

namespace detail {
// A reply that arrived but could not be unmarshalled: a ProtocolError naming call and server.
[[noreturn]] void throw_malformed_reply(const Connection& server, std::string_view name,
                                        const std::exception& reason);
}  // namespace detail

}  // namespace rmi
