// EXERCISE RMI.2, server side — tag the reply: value or exception   (lectures/2-rmi.md#rmi2)
// Reference solution.
#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/wire/codec.hpp"
#include "stage1_rpc/wire/frame.hpp"
#include "stage2_rmi/rmi/reply_tag.hpp"

namespace rmi {

namespace {

ReplyOutcome write_exception(OutFrame& reply, const std::string& type, const std::string& message) {
  ReplyOutcome outcome{ReplyTag::Exception, type, message};
  try {
    reply.clear_payload();
    OutArchive out(reply);
    out << static_cast<std::uint8_t>(ReplyTag::Exception) << type << message;
  } catch (const ProtocolError&) {
    outcome.message =
        "its message (" + std::to_string(message.size()) + " bytes) is too large to send back";
    reply.clear_payload();
    OutArchive out(reply);
    out << static_cast<std::uint8_t>(ReplyTag::Exception) << type << outcome.message;
  }
  return outcome;
}

}  // namespace

ReplyOutcome tag_reply(const std::function<void(OutArchive& out)>& invoke, OutFrame& reply) {
  try {
    OutArchive out(reply);
    out << static_cast<std::uint8_t>(ReplyTag::Value);
    invoke(out);
    return {};
  } catch (const std::exception& e) {
    return write_exception(reply, current_exception_type(), e.what());
  } catch (...) {
    return write_exception(reply, current_exception_type(), "thrown, but not a std::exception");
  }
}

}  // namespace rmi
