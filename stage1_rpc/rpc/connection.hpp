#pragma once
// A client's link to one server. It connects on first use, keeps the connection open for the
// calls that follow, and connects again when the server has closed it (a restart, an idle
// timeout). Every wait is bounded: connecting by connect_timeout, a call by call_timeout (a
// server that trickles its reply is cut off at its first wait after call_timeout).
// A Connection is shared by threads safely but carries one call at a time; for calls in
// parallel, give each thread its own.                      See lectures/1-rpc.md#the-client
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "stage1_rpc/net/socket.hpp"
#include "stage1_rpc/wire/frame.hpp"
#include "stage1_rpc/wire/trace.hpp"

namespace rmi {

struct ClientOptions {
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds call_timeout{30'000};
  // The lecture's RemoteFunction: a new connection for every call, closed after the reply.
  bool connect_per_call = false;
  // Sent in a Hello frame on every new connection, for the server's validator (access.hpp).
  // Empty: no handshake.
  std::string token;
  FrameLimits limits;
  bool trace = trace_requested();
};

// What is special about one call (stage 2 uses these; stage 1's calls need none).
struct CallOptions {
  MessageKind reply_kind = MessageKind::Reply;  // the kind of frame the answer must be
  std::chrono::milliseconds timeout{0};         // 0: the connection's call_timeout
  // Whom it is for, e.g. "object 3", for messages. Owned: it is often built for the call
  // (MethodCall::target() returns a new string), and a view of that would dangle.
  std::string target{};
};

class Connection {
 public:
  explicit Connection(Endpoint server, ClientOptions options = {});

  const Endpoint& server() const { return server_; }
  const ClientOptions& options() const { return options_; }

  // Sends the call in `request` and returns the reply. `name` and `signature` say which call
  // this is, for error messages and traces. Throws ConnectionError, Timeout or ProtocolError,
  // each naming the call and the server; afterwards the next call starts a fresh connection.
  Frame call(OutFrame& request, std::string_view name, std::string_view signature,
             const CallOptions& options = {});

  // Sends a message that wants no reply (stage 2's one-way calls): returns once it is sent.
  // A timeout of 0 means the connection's call_timeout.
  void send(OutFrame& message, std::string_view name, std::string_view signature,
            std::string_view target = {}, std::chrono::milliseconds timeout = {});

 private:
  void connect_if_needed(std::chrono::milliseconds timeout);
  // Runs `exchange` on a ready connection; on failure closes it and rethrows with context.
  template <class Exchange>
  auto with_connection(std::string_view name, std::string_view signature, std::string_view target,
                       std::chrono::milliseconds timeout, Exchange exchange);

  Endpoint server_;
  ClientOptions options_;
  Tracer tracer_;
  // Whose turn it is to use socket_: one call at a time; a waiting call may time out.
  class Turn {
   public:
    explicit Turn(Connection* owner) : owner_(owner) {}
    Turn(const Turn&) = delete;
    Turn& operator=(const Turn&) = delete;
    ~Turn();
    bool taken() const { return owner_ != nullptr; }

   private:
    Connection* owner_;
  };
  Turn take_turn(std::optional<Deadline::Clock::time_point> until);

  std::mutex turn_mutex_;
  std::condition_variable turn_free_;
  bool busy_ = false;
  Socket socket_;
};

namespace detail {
// A reply that arrived but could not be unmarshalled: a ProtocolError naming call and server.
[[noreturn]] void throw_malformed_reply(const Connection& server, std::string_view name,
                                        const std::exception& reason);
}  // namespace detail

}  // namespace rmi
