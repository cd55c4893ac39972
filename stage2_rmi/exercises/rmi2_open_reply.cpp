// EXERCISE RMI.2, client side — open a tagged reply             (lectures/2-rmi.md#rmi2)
//
// Goal:      catch (const std::out_of_range&) at the caller must catch an out_of_range thrown
//            by the server's code; every other failure reaches the caller too, never silence.
// Contract:  see rmi/reply_tag.hpp.
//   open_reply(in, call, server) reads the reply's tag, one std::uint8_t:
//   - ReplyTag::Value: it returns, and `in` is at the value;
//   - ReplyTag::Exception: it reads the exception's type name and message (two std::strings)
//     and throws as rethrow_remote says, `where` being call.describe(server). Both strings come
//     from the network: they reach messages made printable and short (core/printable.hpp: at
//     most 200 characters of the type, 4096 of the message);
//   - any other tag: ProtocolError that names the tag and the call.
//   rethrow_remote(type, message, where) throws:
//   - for the standard types std::logic_error, std::invalid_argument, std::domain_error,
//     std::length_error, std::out_of_range, std::runtime_error, std::range_error,
//     std::overflow_error and std::underflow_error: that very type, `message` as its what();
//   - for a type the toolkit registered as an error that travels (rmi/remote_errors.hpp): what
//     its thrower throws;
//   - for any other type: RemoteError(type, message, where) (rmi/errors.hpp).
//   `type` is spelled as type_name<T>() spells it ("std::out_of_range", "rmi::NoSuchObject").
// Done when: make grade EX=RMI.2   shows RMI.2 pass.
#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/core/printable.hpp"
#include "stage1_rpc/wire/codec.hpp"
#include "stage2_rmi/rmi/errors.hpp"
#include "stage2_rmi/rmi/remote_errors.hpp"
#include "stage2_rmi/rmi/reply_tag.hpp"

namespace rmi {

void open_reply(InArchive& in, const MethodCall& call, const Endpoint& server) {
  throw NotImplemented("RMI.2", "open_reply", "lectures/2-rmi.md#rmi2");
}

void rethrow_remote(const std::string& type, const std::string& message, const std::string& where) {
  throw NotImplemented("RMI.2", "rethrow_remote", "lectures/2-rmi.md#rmi2");
}

}  // namespace rmi
