#pragma once
// The serving machinery every stage shares: a listening socket, an accept loop on its own
// thread, and the connections it accepts. What a request means is not its business: it hands
// each frame it receives to a RequestHandler and sends back the reply the handler wrote.
//
// ServerOptions::policy chooses how connections are served:
//   OneCallPerConnection  the lecture's loop: accept, read one call, reply, close, repeat.
//                         One client at a time; a slow client holds up everyone behind it.
//   Persistent            a thread per connection, serving as many calls as its client sends;
//                         many clients at once, up to max_connections.
//                                                              See lectures/1-rpc.md#serving
// Stopping (lectures/1-rpc.md#stopping) has two halves, like std::jthread's request_stop() and
// join():
//   request_stop()  returns at once, from any thread, even from one of the server's own calls (a
//                   remote shutdown()): no new connections, no new calls; each connection
//                   finishes the call it is serving. stop_token() tells whoever waits for it.
//   stop()          requests the stop and waits, at most stop_grace, for the calls in progress;
//                   then it cuts off replies still blocked on clients that do not read. A call
//                   still running after that cannot be killed (C++ cannot stop a thread): stop()
//                   abandons it, says in the log which calls it abandoned, and returns them in its
//                   StopReport. Called from one of the server's own calls, stop() only requests
//                   the stop: a call cannot wait for itself to end.
// The destructor stops too, and then joins every thread without limit, because an abandoned
// call still uses the server. So a program whose stop() abandoned calls must end without
// destroying its server: ServerProgram (program/server_program.hpp) ends it with std::_Exit.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <future>
#include <mutex>
#include <shared_mutex>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "stage1_rpc/core/log.hpp"
#include "stage1_rpc/core/peer_log.hpp"
#include "stage1_rpc/net/listener.hpp"
#include "stage1_rpc/rpc/access.hpp"
#include "stage1_rpc/rpc/connection_set.hpp"
#include "stage1_rpc/rpc/handshake_guard.hpp"
#include "stage1_rpc/rpc/running_calls.hpp"
#include "stage1_rpc/wire/frame.hpp"
#include "stage1_rpc/wire/trace.hpp"

namespace rmi {

class FrameReader;

enum class ConnectionPolicy { OneCallPerConnection, Persistent };

struct ServerOptions {
  Endpoint address{"127.0.0.1", 0};  // loopback, any free port: serving other hosts is a choice
  // The host name or address other machines reach this server by, when it differs from the
  // address it listens on (0.0.0.0 is no address to reach; behind NAT, neither is its own). From
  // stage 3, references to its objects carry it. Empty: the address it listens on.
  std::string advertised_host;
  ConnectionPolicy policy = ConnectionPolicy::Persistent;
  std::size_t max_connections = 256;  // more are accepted, told "busy" and closed at once
  // One host may hold no more than this many of them: one host cannot lock the others out.
  std::size_t max_connections_per_host = 64;
  // A connection that sends nothing for this long is closed. A frame, once begun, must arrive
  // within it too (a peer trickling bytes is cut off), and a reply must be sent within it.
  std::chrono::milliseconds idle_timeout{60'000};
  // The lecture's loop serves one client at a time: a client has this long from being accepted
  // to having sent its whole call, so that a slow one holds up those behind it no longer.
  std::chrono::milliseconds one_call_timeout{2'000};
  FrameLimits limits;
  // Large payloads (over 64 KiB) held for peers — requests arriving or being answered, replies
  // not yet sent — in all, and for any one host. A request beyond them is refused; a peer whose
  // unread replies would go beyond them is cut off.
  std::size_t max_payload_bytes_held = 128u << 20;
  std::size_t max_payload_bytes_per_host = 48u << 20;
  // How long stop() waits for the calls in progress before it abandons them.
  std::chrono::milliseconds stop_grace{5'000};
  AccessPolicy access;  // who may connect: any host, no handshake, unless set (access.hpp)
  Logger log = log_to_stderr("server");
  // Lines about a peer (a refusal, a failed call) are summarised beyond these (peer_log.hpp).
  PeerLogLimits peer_log_limits;
  bool trace = trace_requested();
};

// One request being served. The handler reads `frame`, writes the reply's payload to `reply`,
// and names the request with name() as soon as it knows what it is ("add int(int, int)"), for
// traces and logs. To refuse or fail, it throws: the server logs the message and closes the
// connection. (From stage 2 handlers send failures back in the reply instead, and say so in
// `outcome`.)
class Request {
 public:
  // `running`, if given, is the call's entry in its server's list of running calls.
  Request(const Frame& frame, OutFrame& reply, const Socket& connection, const Tracer& tracer,
          RunningCalls::Call* running = nullptr);
  ~Request();
  Request(const Request&) = delete;
  Request& operator=(const Request&) = delete;

  const Frame& frame;
  OutFrame& reply;
  const Endpoint& peer;
  bool send_reply = true;      // false for messages that expect no answer
  std::string outcome = "ok";  // how it went, for the trace

  // The trace shows the request received as soon as it has a name, before it runs, and stop()
  // can say which call it abandons if it never ends.
  void name(std::string what);
  const std::string& what() const { return what_; }
  // True once the client has hung up: a call whose answer nobody can receive need not start.
  bool caller_gone() const;

 private:
  const Socket& connection_;
  const Tracer& tracer_;
  RunningCalls::Call* running_;
  std::string what_;
  bool traced_ = false;
};

using RequestHandler = std::function<void(Request& request)>;

// What stop() could not wait for: the calls still running when the grace period was over.
struct StopReport {
  std::vector<std::string> abandoned;  // as RunningCalls::describe() says them
  bool clean() const { return abandoned.empty(); }
};

class Server {
 public:
  // Binds and listens at once, so endpoint() is known before start().
  Server(ServerOptions options, RequestHandler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  void start();  // serves on a background thread; returns at once

  // Both may be called from any thread, any number of times (see the top of this file).
  void request_stop();
  StopReport stop();
  // Stopped once request_stop() or stop() has been called, by anyone.
  std::stop_token stop_token() const { return stop_source_.get_token(); }

  // Where it listens (the real port, when port 0 was asked for).
  const Endpoint& endpoint() const { return listener_.endpoint(); }
  // Where others are told to find it: the advertised host, on the port it listens on.
  Endpoint advertised_endpoint() const;
  const ServerOptions& options() const { return options_; }

  // A line about what a peer did, for the log: summarised when one peer, or all together,
  // send too many (peer_log.hpp). The servers of later stages log through it too.
  void log_about(const Endpoint& peer, std::string_view line) { peer_log_(peer.host, line); }

 private:
  bool on_own_thread();
  StopReport wait_for_calls();
  void accept_loop();
  void take_in(Socket client);
  void answer_knocks();
  void refuse(Socket& socket, const std::string& reason);
  std::optional<std::string> why_not_serve(const Endpoint& peer);
  std::string why_full() const;
  void serve_connection(Socket& socket, std::size_t max_calls);
  Deadline first_deadline(std::size_t max_calls) const;
  std::optional<Frame> read_request(FrameReader& reader, PayloadBudget::Share& held);
  std::optional<Frame> admit(FrameReader& reader, Socket& socket, const FrameHeader& first,
                             Deadline& deadline, PayloadBudget::Share& held);
  void serve_one_call(Socket& socket, const Frame& frame, PayloadBudget::Share& held,
                      RunningCalls::Entry& connection);

  ServerOptions options_;
  RequestHandler handler_;
  Listener listener_;
  Tracer tracer_;
  PayloadBudget payload_budget_;
  HandshakeGuard handshakes_;
  PeerLog peer_log_;
  RunningCalls running_calls_;
  // While every slot is taken, threads serving calls answer the knocks too (answer_knocks).
  static constexpr std::chrono::milliseconds kLookAtDoorEvery{1};
  static constexpr int kKnocksPerLook = 16;
  std::atomic<std::chrono::steady_clock::time_point> next_look_at_door_{};
  // Shared by the threads answering knocks, held alone by stop() to shut the door.
  std::shared_mutex door_mutex_;
  bool door_closed_ = false;  // guarded by door_mutex_; set before the listener closes
  std::atomic<bool> stopping_{false};
  // After what its threads use: a thread that stop() gave up on is joined only when this goes.
  ConnectionSet connections_;
  std::stop_source stop_source_;
  std::mutex stop_mutex_;  // one stop() at a time; guards the two below
  bool stopped_ = false;
  StopReport stop_report_;
  std::future<void> accept_loop_ended_;  // ready once the accept thread has nothing left to do
  std::atomic<std::thread::id> accept_thread_;
  std::jthread acceptor_;  // last: joined first when the Server is destroyed
};

}  // namespace rmi
