#pragma once
// Binding a C++ callable into a FunctionTable: the compile-time checks, its signature (RMI.1a)
// and its handler, which unpacks the arguments and applies the callable (RMI.1b). Stage 1's
// FunctionServer binds functions with it; stage 2 binds the methods of exported objects.
// This header instantiates Boost archives; include it from .cpp files only.
#include <functional>
#include <string>
#include <type_traits>

#include "stage1_rpc/exercises/rmi1a_pack_call.hpp"
#include "stage1_rpc/exercises/rmi1b_apply_call.hpp"
#include "stage1_rpc/rpc/function_table.hpp"
#include "stage1_rpc/wire/marshallable.hpp"

namespace rmi {

template <class R, class... Args>
void bind_function(FunctionTable& table, std::string name, std::function<R(Args...)> function) {
  constexpr bool no_out_parameters =
      ((!std::is_lvalue_reference_v<Args> || std::is_const_v<std::remove_reference_t<Args>>)&&...);
  static_assert(no_out_parameters,
                "rmi: a bound function cannot change its caller's arguments; take parameters "
                "by value or by const reference");
  if constexpr (check_marshallable<R, Args...>() && no_out_parameters) {
    table.bind(std::move(name), signature_of<R, std::remove_cvref_t<Args>...>(),
               [function = std::move(function)](InArchive& in, OutArchive& out) {
                 apply_call(function, in, out);
               });
  }
}

// Any callable with a fixed signature: a function, a lambda, a std::function.
template <class Function>
void bind_callable(FunctionTable& table, std::string name, Function function) {
  bind_function(table, std::move(name), std::function{std::move(function)});
}

}  // namespace rmi
