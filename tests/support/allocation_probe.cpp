#include "tests/support/allocation_probe.hpp"

#include <atomic>
#include <cstdlib>
#include <new>

// Replacing the global operator new is allowed by the standard; these versions forward to
// malloc/free and, while a probe is armed, remember the largest request.
namespace {
std::atomic<int> armed{0};
std::atomic<std::size_t> largest_request{0};

void* allocate(std::size_t size) {
  if (armed.load(std::memory_order_relaxed) > 0) {
    std::size_t seen = largest_request.load(std::memory_order_relaxed);
    while (size > seen && !largest_request.compare_exchange_weak(seen, size)) {
    }
  }
  if (void* block = std::malloc(size == 0 ? 1 : size)) return block;
  throw std::bad_alloc();
}
}  // namespace

void* operator new(std::size_t size) {
  return allocate(size);
}
void* operator new[](std::size_t size) {
  return allocate(size);
}
void operator delete(void* block) noexcept {
  std::free(block);
}
void operator delete[](void* block) noexcept {
  std::free(block);
}
void operator delete(void* block, std::size_t) noexcept {
  std::free(block);
}
void operator delete[](void* block, std::size_t) noexcept {
  std::free(block);
}

// And the nothrow forms (std::stable_sort's buffer uses them): left to the sanitizer, their
// blocks would come back through the free() above, which it reports as a mismatch.
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return allocate(size);
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
}
void* operator new[](std::size_t size, const std::nothrow_t& nothrow) noexcept {
  return operator new(size, nothrow);
}
void operator delete(void* block, const std::nothrow_t&) noexcept {
  std::free(block);
}
void operator delete[](void* block, const std::nothrow_t&) noexcept {
  std::free(block);
}

namespace rmi::test {

AllocationProbe::AllocationProbe() {
  largest_request = 0;
  ++armed;
}

AllocationProbe::~AllocationProbe() {
  --armed;
}

std::size_t AllocationProbe::largest() const {
  return largest_request.load();
}

}  // namespace rmi::test
