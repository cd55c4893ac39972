#pragma once
// EXERCISE RMI.1b — unpack the arguments, apply the function (the server's half)
//                                                                 (lectures/1-rpc.md#rmi1b)
// Reference solution.
#include <functional>
#include <tuple>
#include <type_traits>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/wire/codec.hpp"

namespace rmi {

template <class R, class... Args>
void apply_call(const std::function<R(Args...)>& function, InArchive& in, OutArchive& out) {
  std::tuple<std::remove_cvref_t<Args>...> arguments;
  std::apply([&in](auto&... argument) { ((in >> argument), ...); }, arguments);
  in.expect_end("the arguments");
  if constexpr (std::is_void_v<R>) {
    std::apply(function, std::move(arguments));
  } else {
    const R result = std::apply(function, std::move(arguments));
    out << result;
  }
}

}  // namespace rmi
