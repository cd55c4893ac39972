#pragma once
// Measures the largest single block of memory requested with operator new (by any thread)
// while a probe exists. Tests use it to show that a hostile payload was refused *before*
// anything large was allocated, not merely that it was refused in the end.
#include <cstddef>

namespace rmi::test {

class AllocationProbe {
 public:
  AllocationProbe();
  ~AllocationProbe();
  AllocationProbe(const AllocationProbe&) = delete;
  AllocationProbe& operator=(const AllocationProbe&) = delete;

  std::size_t largest() const;
};

}  // namespace rmi::test
