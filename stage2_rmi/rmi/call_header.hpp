#pragma once
// What a stage 2 call names before its arguments.            See lectures/2-rmi.md#the-wire
//
//   ObjectCall, OneWayCall payload:  [object ID: u64][method][signature][arguments...]
//   Call payload (stage 1's layout):          [name][signature][arguments...]
//
// A stage 2 server serves free functions too: they are the methods of object 0 (kFunctions),
// and a stage 1 Call is taken as a call on object 0.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "stage1_rpc/net/endpoint.hpp"
#include "stage1_rpc/wire/frame.hpp"

namespace rmi {

class InArchive;
class OutArchive;

using ObjectId = std::uint64_t;
inline constexpr ObjectId kFunctions = 0;

// One method call as the client makes it.
struct MethodCall {
  ObjectId object = kFunctions;
  std::string_view method;
  std::string_view signature;
  std::chrono::milliseconds timeout{0};  // 0: the connection's call_timeout

  // "'g int(std::string)' on object 3 at 127.0.0.1:50000", for messages.
  std::string describe(const Endpoint& server) const;
  // "object 3" (empty for the functions), for the connection's messages and traces.
  std::string target() const;
};

// The header as the server reads it.
struct CallHeader {
  ObjectId object = kFunctions;
  std::string method;
  std::string signature;

  std::string describe() const;  // "g int(std::string) on object 3"
};

void write_call_header(OutArchive& out, const MethodCall& call);

// Reads the header of a call of this kind. Names must be short printable text: they end up in
// logs and messages. Throws ProtocolError otherwise.
CallHeader read_call_header(InArchive& in, MessageKind kind);

}  // namespace rmi
