#pragma once
// What every call names before its arguments: the function (or, from stage 2, the method) and
// the signature the caller expects. Both end up in logs, traces and error messages, so both must
// be short, plain text; anything else is refused before it is looked up or shown.
//                                                         See lectures/1-rpc.md#the-server
#include <cstddef>
#include <string>

namespace rmi {

class InArchive;

inline constexpr std::size_t kMaxCallNameLength = 256;
inline constexpr std::size_t kMaxSignatureLength = 4096;

struct CallName {
  std::string name;
  std::string signature;
};

// Reads a name and a signature; throws ProtocolError if either is not printable text of at most
// kMaxCallNameLength and kMaxSignatureLength characters.
CallName read_call_name(InArchive& in);

}  // namespace rmi
