#pragma once
// EXERCISE RMI.1a — describe and pack a call (the client's half)  (lectures/1-rpc.md#rmi1a)
//
// Goal:      add(100, 222) must leave the client as a Call whose payload holds the name "add",
//            the signature "int(int, int)", then 100 and 222. The framework writes the name
//            and the signature (which it gets from your signature_of); pack_arguments writes
//            only the arguments.
// Contract:
//   signature_of<R, Args...>()  spells the call's signature with type_name<T>() (see
//     wire/type_name.hpp): the result's name, then the arguments' names in parentheses,
//     separated by ", ". Examples: "int(int, int)", "void()", "std::string(std::string, int)".
//   pack_arguments(out, args...)  writes each argument to `out`, first to last, and nothing
//     else; for no arguments, nothing at all.
// Done when: make grade EX=RMI.1a   shows RMI.1a pass.
#include <string>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/wire/codec.hpp"
#include "stage1_rpc/wire/type_name.hpp"

namespace rmi {

template <class R, class... Args>
std::string signature_of() {
  throw NotImplemented("RMI.1a", "signature_of", "lectures/1-rpc.md#rmi1a");
}

template <class... Args>
void pack_arguments(OutArchive& out, const Args&... args) {
  throw NotImplemented("RMI.1a", "pack_arguments", "lectures/1-rpc.md#rmi1a");
}

}  // namespace rmi
