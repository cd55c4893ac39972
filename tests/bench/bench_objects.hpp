#pragma once
// The bench's own exported class: the smallest method worth a call.
// This header instantiates Boost archives; include it from .cpp files only.
#include "stage2_rmi/rmi/exposed.hpp"

namespace bench_objects {
struct Adder {
  int add(int a, int b) { return a + b; }
};
}  // namespace bench_objects

template <>
struct rmi::Exposed<bench_objects::Adder> {
  static void members(Members<bench_objects::Adder>& expose) {
    expose.method("add", &bench_objects::Adder::add);
  }
};
