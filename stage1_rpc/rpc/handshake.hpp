#pragma once
// The handshake on the wire, for servers with an AccessPolicy (access.hpp):
//
//   client → server   Hello    [token: string]     first, when the client has a token
//   server → client   Welcome  (empty)             come in: calls follow as usual
//                     Refused  [reason: string]    and the server closes the connection
//
// A client without a token sends no Hello; a server with a validator then validates an empty
// token and, if it refuses, answers the first call with Refused instead of a reply. A peer
// whose address is not allowed gets Refused as soon as it connects.
//                                                              See lectures/1-rpc.md#access
#include <string>
#include <string_view>

#include "stage1_rpc/net/deadline.hpp"
#include "stage1_rpc/net/socket.hpp"
#include "stage1_rpc/wire/frame.hpp"

namespace rmi {

// Client side: sends Hello with the token and waits for Welcome. Throws AccessDenied with the
// server's reason when refused, ProtocolError when the answer is neither.
void greet(Socket& socket, std::string_view token, const FrameLimits& limits, Deadline deadline);

// Throws AccessDenied with the server's reason if `frame` is a Refused frame.
void throw_if_refused(const Frame& frame, const Endpoint& server);

// A Hello carries a token and nothing else: a larger one is refused before it is read.
inline constexpr std::uint32_t kMaxHelloBytes = 4096;

// Server side.
std::string token_of(const Frame& hello);
void send_welcome(Socket& socket, Deadline deadline);
void send_refusal(Socket& socket, std::string_view reason, Deadline deadline);

}  // namespace rmi
