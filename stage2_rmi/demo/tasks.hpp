#pragma once
// The task classes of the agent demo, known to both sides: a task's state travels by value,
// its code must be built into the receiving program. (Pyro's SampleObjects.Plus.)
#include "stage2_rmi/rmi/by_value.hpp"

namespace demo {

struct Task {
  virtual ~Task() = default;
  virtual int run(int a, int b) const = 0;
};

struct Plus : Task {
  int run(int a, int b) const override { return a + b; }
  template <class Archive>
  void serialize(Archive&, unsigned) {}
};

// Registered by the client only: the agent server refuses it.
struct Minus : Task {
  int run(int a, int b) const override { return a - b; }
  template <class Archive>
  void serialize(Archive&, unsigned) {}
};

}  // namespace demo
