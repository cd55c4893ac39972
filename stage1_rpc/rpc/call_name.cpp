#include "stage1_rpc/rpc/call_name.hpp"

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/core/printable.hpp"
#include "stage1_rpc/wire/codec.hpp"

namespace rmi {

CallName read_call_name(InArchive& in) {
  CallName call;
  in >> call.name >> call.signature;
  if (!is_plain_text(call.name, kMaxCallNameLength) ||
      !is_plain_text(call.signature, kMaxSignatureLength)) {
    throw ProtocolError("refused a call of '" + printable(call.name) + " " +
                        printable(call.signature) +
                        "': a name and a signature must be printable text of at most " +
                        std::to_string(kMaxCallNameLength) + " and " +
                        std::to_string(kMaxSignatureLength) + " characters");
  }
  return call;
}

}  // namespace rmi
