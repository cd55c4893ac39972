#include "stage2_rmi/rmi/call_header.hpp"

#include <algorithm>
#include <limits>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/rpc/call_name.hpp"
#include "stage1_rpc/wire/codec.hpp"

namespace rmi {

namespace {
// Stage 2's frames get their names here, where every stage 2 client and server links.
[[maybe_unused]] const bool kKindsNamed =
    name_message_kind(kObjectCall, "ObjectCall") && name_message_kind(kOneWayCall, "OneWayCall") &&
    name_message_kind(kTaggedReply, "TaggedReply",
                      "the reply of a stage 2 object server: call it through a stage 2 Proxy");
}  // namespace

std::string MethodCall::target() const {
  return object == kFunctions ? std::string() : "object " + std::to_string(object);
}

std::string MethodCall::describe(const Endpoint& server) const {
  const std::string on = object == kFunctions ? "" : " on " + target();
  return "'" + std::string(method) + " " + std::string(signature) + "'" + on + " at " +
         server.to_string();
}

// Every call the server serves is named with this (for its trace, and for stop() to say which
// calls it abandons): built in one piece, it costs one allocation, not five.
std::string CallHeader::describe() const {
  std::string text;
  text.reserve(method.size() + signature.size() + 32);
  text.append(method).append(" ").append(signature);
  if (object != kFunctions) text.append(" on object ").append(std::to_string(object));
  return text;
}

void write_call_header(OutArchive& out, const MethodCall& call) {
  const auto allowed = static_cast<std::uint32_t>(
      std::clamp<long long>(call.timeout.count(), 1, std::numeric_limits<std::uint32_t>::max()));
  out << call.object << call.server_run << allowed << std::string(call.method)
      << std::string(call.signature);
}

CallHeader read_call_header(InArchive& in, MessageKind kind) {
  CallHeader header;
  if (kind != MessageKind::Call) {
    std::uint32_t allowed = 0;
    in >> header.object >> header.server_run >> allowed;
    header.time_allowed = std::chrono::milliseconds(allowed);
    header.deadline = Deadline::Clock::now() + header.time_allowed;
  }
  CallName name = read_call_name(in);
  header.method = std::move(name.name);
  header.signature = std::move(name.signature);
  return header;
}

}  // namespace rmi
