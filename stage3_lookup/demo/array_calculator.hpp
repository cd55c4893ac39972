#pragma once
// The calculator of Pyro's cluster example: each node computes (offset + x * multiplier) * t for
// its share of an array. `work` makes it as slow as a real computation would be, so that the
// lecture can measure what a second node buys (it does not change the result).
//                                                          See lectures/3-lookup.md#the-cluster
// This header instantiates Boost archives; include it from .cpp files only.
#include <cmath>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "stage2_rmi/rmi/exposed.hpp"

namespace demo {

class ArrayCalculator {
 public:
  // Python's __init__ cannot be called remotely, so Pyro's example sets its state with a method.
  void set_parameters(double offset, double multiplier) {
    std::scoped_lock lock(mutex_);
    offset_ = offset;
    multiplier_ = multiplier;
  }

  std::vector<double> calculate(const std::vector<double>& numbers, double t, int work) {
    if (work < 0 || work > 10'000'000) throw std::invalid_argument("calculate: work out of range");
    double offset = 0, multiplier = 0;
    {
      std::scoped_lock lock(mutex_);
      offset = offset_;
      multiplier = multiplier_;
    }
    std::vector<double> result;
    for (const double x : numbers) {
      volatile double busy = x;  // `work` steps of arithmetic the compiler may not skip
      for (int i = 0; i < work; ++i)
        busy = std::sin(busy) + x;
      result.push_back((offset + x * multiplier) * t);
    }
    return result;
  }

 private:
  std::mutex mutex_;  // exported thread_safe: two clients may call at once
  double offset_ = 0;
  double multiplier_ = 0;
};

}  // namespace demo

template <>
struct rmi::Exposed<demo::ArrayCalculator> {
  static void members(Members<demo::ArrayCalculator>& expose) {
    expose.method("set_parameters", &demo::ArrayCalculator::set_parameters)
        .method("calculate", &demo::ArrayCalculator::calculate);
  }
};
