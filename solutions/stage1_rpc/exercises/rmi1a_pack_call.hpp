#pragma once
// EXERCISE RMI.1a — describe and pack a call (the client's half)  (lectures/1-rpc.md#rmi1a)
// Reference solution.
#include <string>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/wire/codec.hpp"
#include "stage1_rpc/wire/type_name.hpp"

namespace rmi {

template <class R, class... Args>
std::string signature_of() {
  std::string arguments;
  ((arguments += (arguments.empty() ? "" : ", ") + type_name<Args>()), ...);
  return type_name<R>() + "(" + arguments + ")";
}

template <class... Args>
void pack_arguments(OutArchive& out, const Args&... args) {
  ((out << args), ...);
}

}  // namespace rmi
