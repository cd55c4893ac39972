// The libFuzzer target: every input is the byte stream of one connection to a stage 2 object
// server (see frame_replay.hpp). Built by clang with -fsanitize=fuzzer,address,undefined;
// `make fuzz` runs it from the seeds in tests/fuzz/corpus.      See lectures/2-rmi.md#fuzzing
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/frame_replay.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  rmi::fuzz::replay({data, size});  // anything but an rmi::Error escaping is a finding
  return 0;
}
