#include "stage2_rmi/rmi/call_header.hpp"

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/core/printable.hpp"
#include "stage1_rpc/wire/codec.hpp"

namespace rmi {

namespace {
constexpr std::size_t kMaxNameLength = 256;
constexpr std::size_t kMaxSignatureLength = 4096;
}  // namespace

std::string MethodCall::target() const {
  return object == kFunctions ? std::string() : "object " + std::to_string(object);
}

std::string MethodCall::describe(const Endpoint& server) const {
  const std::string on = object == kFunctions ? "" : " on " + target();
  return "'" + std::string(method) + " " + std::string(signature) + "'" + on + " at " +
         server.to_string();
}

std::string CallHeader::describe() const {
  return method + " " + signature +
         (object == kFunctions ? "" : " on object " + std::to_string(object));
}

void write_call_header(OutArchive& out, const MethodCall& call) {
  out << call.object << std::string(call.method) << std::string(call.signature);
}

CallHeader read_call_header(InArchive& in, MessageKind kind) {
  CallHeader header;
  if (kind != MessageKind::Call) in >> header.object;
  in >> header.method >> header.signature;
  if (!is_plain_text(header.method, kMaxNameLength) ||
      !is_plain_text(header.signature, kMaxSignatureLength)) {
    throw ProtocolError("refused a call of '" + printable(header.method) + " " +
                        printable(header.signature) +
                        "': a name and a signature must be printable text of at most " +
                        std::to_string(kMaxNameLength) + " and " +
                        std::to_string(kMaxSignatureLength) + " characters");
  }
  return header;
}

}  // namespace rmi
