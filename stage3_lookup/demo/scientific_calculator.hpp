#pragma once
// A subclass of Pyro's calculator, for the lecture's lookup by class: exported as a
// demo::ScientificCalculator, it is found by clients that ask for any demo::Calculator, and it
// answers the calculator's methods as well as its own.     See lectures/3-lookup.md#the-demos
// This header instantiates Boost archives; include it from .cpp files only.
#include <cmath>
#include <stdexcept>

#include "stage1_rpc/demo/calculator.hpp"
#include "stage2_rmi/demo/exposed_calculator.hpp"
#include "stage2_rmi/rmi/bases.hpp"

namespace demo {

class ScientificCalculator : public Calculator {
 public:
  double power(double base, double exponent) { return std::pow(base, exponent); }
  double root(double x) {
    if (x < 0) throw std::domain_error("root: no real square root of " + std::to_string(x));
    return std::sqrt(x);
  }
};

}  // namespace demo

template <>
struct rmi::Exposed<demo::ScientificCalculator> {
  using bases = Bases<demo::Calculator>;  // a ScientificCalculator is a Calculator too
  static void members(Members<demo::ScientificCalculator>& expose) {
    expose.method("power", &demo::ScientificCalculator::power)
        .method("root", &demo::ScientificCalculator::root);
  }
};
