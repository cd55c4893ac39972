#pragma once
// EXERCISE RMI.1b — unpack the arguments, apply the function (the server's half)
//                                                                 (lectures/1-rpc.md#rmi1b)
// Goal:      the server has read "add" and "int(int, int)" and found the bound add; 100 and
//            222 are still waiting in `in`. Read them, call add(100, 222), write 322 to `out`.
//            This is C++'s answer to Python's f(*args): a parameter pack applied to a function.
// Contract:
//   apply_call(function, in, out) reads one value per parameter of `function`, in order, each
//   into a value of the parameter's type without const or & (std::remove_cvref_t); checks that
//   nothing is left in `in` (in.expect_end("the arguments")); only then calls `function` with
//   them; then writes the result to `out`, or nothing when R is void. A call that is cut short
//   or has bytes to spare must fail before the function runs: it may have side effects.
// Done when: make grade EX=RMI.1b   shows RMI.1b pass.
#include <functional>
#include <tuple>
#include <type_traits>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/wire/codec.hpp"

namespace rmi {

template <class R, class... Args>
void apply_call(const std::function<R(Args...)>& function, InArchive& in, OutArchive& out) {
  throw NotImplemented("RMI.1b", "apply_call", "lectures/1-rpc.md#rmi1b");
}

}  // namespace rmi
