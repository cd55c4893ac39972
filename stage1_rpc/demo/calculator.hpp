#pragma once
// Pyro's calculator, for the demos of every stage: stage 1 binds its operations as functions
// (calc_server.cpp), stage 2 exports it as an object (stage2_rmi/demo/calc_server.cpp).
// Python's operators work on any types; C++ has one overload per signature instead.
#include <any>
#include <cstddef>
#include <stdexcept>
#include <string>

#include "stage1_rpc/demo/checked.hpp"

namespace demo {

// Pyro's error() fails three calls deep: crash2() divides a string by two. C++ refuses
// "going down..." / 2 at compile time, so the value waits in a std::any, where the same
// mistake surfaces at run time as std::bad_any_cast: a type error inside the server.
struct Foo {
  void crash() { crash2(std::string("going down...")); }
  int crash2(const std::any& argument) { return std::any_cast<int>(argument) / 2; }
};

class Calculator {
 public:
  int mul(int a, int b) { return checked(1LL * a * b, "mul"); }
  double mul(double a, double b) { return a * b; }
  // The caller chooses `times`: a few bytes could otherwise ask for gigabytes of answer.
  std::string mul(const std::string& text, int times) {
    constexpr std::size_t kLimit = 1 << 20;
    if (times < 0 || text.size() * static_cast<std::size_t>(times) > kLimit) {
      throw std::length_error("mul: a text result is limited to 1 MiB");
    }
    std::string repeated;
    for (int i = 0; i < times; ++i)
      repeated += text;
    return repeated;
  }
  int add(int a, int b) { return checked(1LL * a + b, "add"); }
  double add(double a, double b) { return a + b; }
  std::string add(const std::string& a, const std::string& b) { return a + b; }
  int sub(int a, int b) { return checked(1LL * a - b, "sub"); }
  double sub(double a, double b) { return a - b; }
  double div(double a, double b) { return a / b; }
  void error() { Foo{}.crash(); }
};

}  // namespace demo
