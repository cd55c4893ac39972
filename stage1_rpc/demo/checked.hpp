#pragma once
// Arithmetic on numbers that come from any client. An int that overflows is undefined behaviour
// in C++: the sanitizers stop the server, and an optimised build may compute anything. So the
// demos compute in a wider type and refuse what does not fit, as an exception the caller gets
// (stage 2) or the server logs (stage 1). Python, where Pyro's examples come from, needs none of
// this: its ints grow.                               See lectures/2-rmi.md#fuzzing (its first find)
#include <limits>
#include <stdexcept>
#include <string>

namespace demo {

// `result` computed in a wider type, e.g. checked(1LL * a + b, "add").
inline int checked(long long result, const char* operation) {
  if (result < std::numeric_limits<int>::min() || result > std::numeric_limits<int>::max()) {
    throw std::overflow_error(std::string(operation) + ": the result does not fit in an int");
  }
  return static_cast<int>(result);
}

}  // namespace demo
