#pragma once
// Every stage 2 reply starts with a tag that says what follows: the call's value, or the
// exception the call threw. The tag is a field of the reply, not a special kind of value, so
// any value can be returned, even an exception-like object.  See lectures/2-rmi.md#rmi2
//
//   TaggedReply payload:  [tag 0: Value]     [the value]             (nothing for void)
//                         [tag 1: Exception] [type name][message]    ("std::out_of_range",
//                                                                     "vector::at")
#include <cstdint>
#include <functional>
#include <string>

#include "stage1_rpc/net/endpoint.hpp"
#include "stage2_rmi/rmi/call_header.hpp"

namespace rmi {

class InArchive;
class OutArchive;
class OutFrame;
struct Frame;

enum class ReplyTag : std::uint8_t { Value = 0, Exception = 1 };

// What a reply says: its tag, and for an exception the type and message it carries.
struct ReplyOutcome {
  ReplyTag tag = ReplyTag::Value;
  std::string type;
  std::string message;
};

// RMI.2, server side (exercises/rmi2_tag_reply.cpp): runs invoke(out) and makes `reply` a
// tagged reply of its value, or of the exception it threw; returns what it wrote. Nothing
// escapes.
ReplyOutcome tag_reply(const std::function<void(OutArchive& out)>& invoke, OutFrame& reply);

// RMI.2, client side (exercises/rmi2_open_reply.cpp): reads a reply's tag. For a value it
// returns, leaving `in` at the value; for an exception it reads type and message and throws,
// as rethrow_remote says, what the server threw.
void open_reply(InArchive& in, const MethodCall& call, const Endpoint& server);

// Throws what the server threw, as well as this side can: `where` names the call.
[[noreturn]] void rethrow_remote(const std::string& type, const std::string& message,
                                 const std::string& where);

// "value" or "exception std::out_of_range": what a TaggedReply carries, for the client's trace.
std::string describe_tagged_reply(const Frame& reply);

// The dynamic type of the exception being handled, even one that is not a std::exception:
// after `throw 42`, "int". Call it inside a catch block.
std::string current_exception_type();

}  // namespace rmi
