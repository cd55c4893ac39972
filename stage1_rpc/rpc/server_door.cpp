// Who comes in: the accept loop, the reasons a connection is refused before a byte of it is
// read, and the knocks that threads serving calls answer while every slot is taken.
//                                                      See lectures/1-rpc.md#serving
#include <limits>
#include <string>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/rpc/handshake.hpp"
#include "stage1_rpc/rpc/server.hpp"

namespace rmi {

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
    take_in(std::move(*client));
  }
}

// A new connection: refused with the reason, served here (the lecture's loop), or served on a
// thread of its own.
void Server::take_in(Socket client) {
  if (const auto reason = why_not_serve(client.peer())) {
    refuse(client, *reason);
    return;
  }
  if (options_.policy == ConnectionPolicy::OneCallPerConnection) {
    connections_.serve_here(std::move(client),
                            [this](Socket& socket) { serve_connection(socket, 1); });
    return;
  }
  const std::string peer = client.peer().to_string();
  try {
    const auto started = connections_.start_thread(
        client, {options_.max_connections, options_.max_connections_per_host},
        [this](Socket& socket) {
          serve_connection(socket, std::numeric_limits<std::size_t>::max());
        });
    // Another thread took the last slot since why_not_serve() looked.
    if (started == ConnectionSet::Start::OverLimit) {
      refuse(client, why_not_serve(client.peer()).value_or(why_full()));
    }
  } catch (const std::exception& e) {  // out of threads or memory: refuse, keep serving
    options_.log("refused a connection from " + peer + ": cannot start a thread: " + e.what());
  }
}

// A server whose every slot is taken has as many threads busy serving calls, and the accepting
// thread gets one share of the processors among all of them: with 256 busy connections on two
// cores, knocks waited in line for seconds to hear "busy" (lectures/1-rpc.md#cost). So while
// the server is full, a thread that has just answered a call also answers the knocks waiting at
// the door: a few knocks at each look, and while none are left, no more often than once a
// millisecond. A look is claimed, not locked: a thread at the door may lose its processor to
// the hundreds of others, and with a lock held, every knock then waited for it to run again
// (tens of milliseconds, at times hundreds). The next look goes to whoever comes next.
void Server::answer_knocks() {
  if (connections_.serving() < options_.max_connections || stopping_) return;
  const auto now = std::chrono::steady_clock::now();
  auto due = next_look_at_door_.load(std::memory_order_relaxed);
  if (now < due || !next_look_at_door_.compare_exchange_strong(due, now + kLookAtDoorEvery)) {
    return;  // not yet time to look, or another thread has just claimed this look
  }
  std::shared_lock door(door_mutex_, std::try_to_lock);
  if (!door.owns_lock() || door_closed_) return;  // stop() is shutting it
  try {
    for (int knock = 0; knock < kKnocksPerLook; ++knock) {
      std::optional<Socket> client = listener_.try_accept();
      if (!client) return;
      take_in(std::move(*client));
    }
    next_look_at_door_ = now;  // more may be waiting: the next thread done with a call looks again
  } catch (const std::exception&) {
    // Out of descriptors, or of memory: the accepting thread says so in the log and pauses. This
    // thread goes back to its own connection, which is not to blame.
  }
}

// Decided at the door (by the accepting thread, or a serving thread answering knocks), before a
// byte of the peer's is read: each refusal costs the
// server one small write, whoever sends how many connections.
std::optional<std::string> Server::why_not_serve(const Endpoint& peer) {
  if (!options_.access.allows_host(peer.host)) {
    return "this host is not on the server's list of allowed hosts";
  }
  if (const auto pause = handshakes_.pause_left(peer.host)) {
    return "too many failed handshakes from " + peer.host + "; try again in " +
           std::to_string(pause->count()) + " ms";
  }
  if (options_.policy == ConnectionPolicy::OneCallPerConnection) return std::nullopt;
  // A full server says so without a look through its list of connections (serving() takes no
  // lock); otherwise the threads of connections that have ended are joined first.
  if (connections_.serving() >= options_.max_connections ||
      connections_.reap() >= options_.max_connections) {
    return why_full();
  }
  if (connections_.open_from(peer.host) >= options_.max_connections_per_host) {
    return "the server is busy: " + peer.host + " has " +
           std::to_string(options_.max_connections_per_host) +
           " connections open already, the most one host may have";
  }
  return std::nullopt;
}

std::string Server::why_full() const {
  return "the server is busy: already " + std::to_string(options_.max_connections) +
         " connections open; try again later";
}

// Said once, then the socket closes. Sent at once or not at all: a refused peer cannot hold up
// the thread that refuses it.
void Server::refuse(Socket& socket, const std::string& reason) {
  log_about(socket.peer(),
            "refused a connection from " + socket.peer().to_string() + ": " + reason);
  try {
    send_refusal(socket, reason, Deadline::after(std::chrono::milliseconds(100)));
  } catch (const Error&) {
    // It has gone already, or does not read: the refusal is in the log either way.
  }
}

}  // namespace rmi
