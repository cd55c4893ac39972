#pragma once
// Raw bytes fed to a stage 2 ObjectServer as if one client had sent them on one connection.
// The bytes pass through read_frame (the frame decoder), and each frame that decodes goes to
// the server's request handler: call header, object and method lookup, argument decoding,
// the call, the tagged reply. Besides its own test objects the server exports stage 3's lookup
// service as object 1, as a lookup server does. There is no listener and no thread, so a run
// depends only on the bytes. The fuzzer (fuzz_object_server.cpp) and the corpus replay test
// (tests/robustness/fuzz_corpus_test.cpp) share it.            See lectures/2-rmi.md#fuzzing
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace rmi::fuzz {

struct ReplayResult {
  std::size_t frames = 0;      // frames decoded and handed to the server
  std::size_t values = 0;      // replies that carry a value
  std::size_t exceptions = 0;  // replies that carry an exception (a refusal or a throw)
  std::string closed_by;       // why the server would have closed the connection, if it would
};

// Inputs longer than this are cut: the fuzzer's inputs are far smaller.
inline constexpr std::size_t kMaxReplayBytes = 128 * 1024;

// Throws only if something other than an rmi::Error escapes the decoder or the handler: the
// real server would survive that too, but it means an error path nobody designed.
ReplayResult replay(std::span<const std::uint8_t> bytes);

// Valid frames, one per kind of call the harness's objects take: the seeds of the corpus.
std::vector<std::pair<std::string, std::vector<char>>> seed_frames();

}  // namespace rmi::fuzz
