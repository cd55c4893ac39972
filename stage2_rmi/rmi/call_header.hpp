#pragma once
// What a stage 2 call names before its arguments.            See lectures/2-rmi.md#the-wire
//
//   ObjectCall, OneWayCall payload:
//     [object ID: u64][server run: u64][time allowed, ms: u32][method][signature][arguments...]
//   Call payload (stage 1's layout):   [name][signature][arguments...]
//
// The server run is the identity of the server's run the caller's reference came from (0: any
// run): after a restart, an old reference reaches no object that merely has the same ID. The
// time allowed is how long the caller waits for the reply: the server waits no longer for the
// object's turn. A stage 2 server serves free functions too: they are the methods of object 0
// (kFunctions), and a stage 1 Call is taken as a call on object 0.
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "stage1_rpc/net/deadline.hpp"
#include "stage1_rpc/net/endpoint.hpp"
#include "stage2_rmi/rmi/message_kinds.hpp"

namespace rmi {

class InArchive;
class OutArchive;

using ObjectId = std::uint64_t;
inline constexpr ObjectId kFunctions = 0;
// Which run of a server: a number it draws when it starts. 0 stands for "any run".
using ServerRun = std::uint64_t;
inline constexpr ServerRun kAnyRun = 0;
// What a stage 1 caller, which cannot say, is taken to allow: its own default call_timeout.
inline constexpr std::chrono::milliseconds kStageOneTimeAllowed{30'000};

// One method call as the client makes it.
struct MethodCall {
  ObjectId object = kFunctions;
  std::string_view method;
  std::string_view signature;
  std::chrono::milliseconds timeout{0};  // how long the caller waits: must be set (positive)
  ServerRun server_run = kAnyRun;

  // "'g int(std::string)' on object 3 at 127.0.0.1:50000", for messages.
  std::string describe(const Endpoint& server) const;
  // "object 3" (empty for the functions), for the connection's messages and traces.
  std::string target() const;
};

// The header as the server reads it.
struct CallHeader {
  ObjectId object = kFunctions;
  ServerRun server_run = kAnyRun;
  std::string method;
  std::string signature;
  std::chrono::milliseconds time_allowed = kStageOneTimeAllowed;
  // When the caller stops waiting: the header's arrival plus the time allowed.
  Deadline::Clock::time_point deadline = Deadline::Clock::now() + kStageOneTimeAllowed;
  // Whether the caller has hung up meanwhile (set by the server; unset: it is still there).
  std::function<bool()> caller_gone;

  std::string describe() const;  // "g int(std::string) on object 3"
};

void write_call_header(OutArchive& out, const MethodCall& call);

// Reads the header of a call of this kind. Names must be short printable text: they end up in
// logs and messages. Throws ProtocolError otherwise.
CallHeader read_call_header(InArchive& in, MessageKind kind);

}  // namespace rmi
