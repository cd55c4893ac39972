#pragma once
// The task classes of the agent demo, known to both sides: a task's state travels by value,
// its code must be built into the receiving program. (Pyro's SampleObjects.Plus.) The numbers
// come from the client: an overflow is refused (stage1_rpc/demo/checked.hpp), not undefined.
#include "stage1_rpc/demo/checked.hpp"
#include "stage2_rmi/rmi/by_value.hpp"

namespace demo {

struct Task {
  virtual ~Task() = default;
  virtual int run(int a, int b) const = 0;
};

struct Plus : Task {
  int run(int a, int b) const override { return checked(1LL * a + b, "Plus"); }
  template <class Archive>
  void serialize(Archive&, unsigned) {}
};

// Registered by the client only: the agent server refuses it.
struct Minus : Task {
  int run(int a, int b) const override { return checked(1LL * a - b, "Minus"); }
  template <class Archive>
  void serialize(Archive&, unsigned) {}
};

}  // namespace demo
