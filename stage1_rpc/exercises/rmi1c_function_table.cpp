// EXERCISE RMI.1c — the function table                           (lectures/1-rpc.md#rmi1c)
//
// Goal:      the server must find the function a call names, or say precisely why it cannot.
// Contract:  see rpc/function_table.hpp.
//   bind(name, signature, handler) adds an overload of `name`. Binding the same name with the
//     same signature twice throws rmi::Error naming the name and the signature; the first
//     binding stays in place.
//   find(name, signature) returns the handler of the overload with exactly that signature.
//     - no function has that name: throw NoSuchFunction; the message names it and lists the
//       bound names (list_names() helps);
//     - the name is bound, but not with that signature: throw BadArguments; the message names
//       the asked signature and every bound signature of that name.
// Done when: make grade EX=RMI.1c   shows RMI.1c pass.
#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/rpc/function_table.hpp"

namespace rmi {

void FunctionTable::bind(std::string name, std::string signature, Handler handler) {
  throw NotImplemented("RMI.1c", "FunctionTable::bind", "lectures/1-rpc.md#rmi1c");
}

const Handler& FunctionTable::find(std::string_view name, std::string_view signature) const {
  throw NotImplemented("RMI.1c", "FunctionTable::find", "lectures/1-rpc.md#rmi1c");
}

}  // namespace rmi
