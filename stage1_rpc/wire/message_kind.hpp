#pragma once
// What a frame carries: one byte of its header. Stage 1's kinds are listed here. A later stage
// defines its own kinds in its own folder, with numbers nobody uses yet, and gives each a name
// with name_message_kind(), so that traces and errors can say what arrived; this file never
// needs to know them.                                       See lectures/1-rpc.md#framing
#include <cstdint>
#include <string>
#include <string_view>

namespace rmi {

enum class MessageKind : std::uint8_t {
  Call = 1,     // a function's name, signature and arguments
  Reply = 2,    // the result's value, nothing else
  Hello = 6,    // client first, when it has one: a handshake token for the server's validator
  Welcome = 7,  // the answer to Hello: come in
  Refused = 8,  // the server's last word on a connection it will not serve: why
};

// "Call", "ObjectCall", or "kind 77" for a number nobody named.
std::string to_string(MessageKind kind);

// What a kind is for, in a few words, for a peer that receives one it does not expect (e.g. "a
// stage 2 object server's reply: call it through a Proxy"); empty if nobody said.
std::string about(MessageKind kind);

// Names a kind, once, at program start. Throws rmi::Error if the number has another name.
// Returns true, so that a stage can name its kinds in the initializer of a constant.
bool name_message_kind(MessageKind kind, std::string_view name, std::string_view about = {});

}  // namespace rmi
