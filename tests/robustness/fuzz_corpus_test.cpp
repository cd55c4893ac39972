// The fuzzer's inputs, replayed by every `make test` without clang (tests/fuzz): the seeds are
// valid calls that get their answers, their damaged variants are refused cleanly, and every
// input the fuzzer ever found (tests/fuzz/regressions) stays fixed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "stage1_rpc/wire/frame.hpp"
#include "stage1_rpc/wire/payload_format.hpp"
#include "tests/fuzz/frame_replay.hpp"
#include "tests/support/child_process.hpp"

using namespace rmi;
namespace fs = std::filesystem;

namespace {

// tests/fuzz/<name>, found from the repository root (where make runs tests) or from the binary.
fs::path fuzz_folder(const std::string& name) {
  const fs::path here = fs::path("tests/fuzz") / name;
  if (fs::exists(here)) return here;
  return fs::path(test::program_path("../../tests/fuzz")) / name;
}

std::map<std::string, std::vector<std::uint8_t>> files_in(const fs::path& folder) {
  std::map<std::string, std::vector<std::uint8_t>> files;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (!entry.is_regular_file() || entry.path().filename() == "README.md") continue;
    std::ifstream file(entry.path(), std::ios::binary);
    files[entry.path().filename()] = {std::istreambuf_iterator<char>(file), {}};
  }
  return files;
}

std::span<const std::uint8_t> bytes_of(const std::vector<char>& chars) {
  return {reinterpret_cast<const std::uint8_t*>(chars.data()), chars.size()};
}

}  // namespace

TEST(FuzzCorpus, CheckedInSeedsAreTheHarnesssCurrentFrames) {
  const auto seeds = fuzz::seed_frames();
  const auto files = files_in(fuzz_folder("corpus"));
  ASSERT_EQ(files.size(), seeds.size()) << "run `make fuzz-seeds` to write tests/fuzz/corpus again";
  if (local_payload_format() !=
      static_cast<std::uint16_t>(files.begin()->second[6] << 8 | files.begin()->second[7])) {
    GTEST_SKIP() << "the corpus was written by a machine with another payload format";
  }
  for (const auto& [name, bytes] : seeds) {
    ASSERT_TRUE(files.contains(name)) << name << " is missing: run `make fuzz-seeds`";
    EXPECT_EQ(files.at(name), std::vector<std::uint8_t>(bytes.begin(), bytes.end()))
        << name << " is out of date: run `make fuzz-seeds`";
  }
}

TEST(FuzzCorpus, EverySeedIsOneCallThatGetsItsAnswer) {
  for (const auto& [name, bytes] : fuzz::seed_frames()) {
    const auto result = fuzz::replay(bytes_of(bytes));
    EXPECT_EQ(result.frames, 1u) << name;
    EXPECT_EQ(result.closed_by, "") << name;
    const bool throws = name.starts_with("throws-");
    EXPECT_EQ(result.values, throws ? 0u : 1u) << name;
    EXPECT_EQ(result.exceptions, throws ? 1u : 0u) << name;
  }
}

TEST(FuzzCorpus, SeedsCutShortAreRefusedCleanly) {
  for (const auto& [name, bytes] : fuzz::seed_frames()) {
    for (std::size_t length = 0; length < bytes.size(); ++length) {
      const auto result = fuzz::replay(bytes_of(bytes).first(length));
      EXPECT_EQ(result.values, 0u) << name << " cut to " << length << " bytes";
      if (length > 0) {
        EXPECT_NE(result.closed_by, "") << name << " cut to " << length << " bytes";
      }
    }
  }
}

// A small deterministic fuzzer of our own: every byte of every seed set to 0, 0xff and its
// neighbour. Each run must end in a reply or a clean refusal, never in anything else.
TEST(FuzzCorpus, SeedsWithAnyByteChangedAreAnsweredOrRefused) {
  for (const auto& [name, bytes] : fuzz::seed_frames()) {
    for (std::size_t at = 0; at < bytes.size(); ++at) {
      for (const int change : {0x00, 0xff, (bytes[at] + 1) & 0xff}) {
        auto damaged = bytes;
        damaged[at] = static_cast<char>(change);
        EXPECT_NO_THROW(fuzz::replay(bytes_of(damaged)))
            << name << " with byte " << at << " set to " << change;
      }
    }
  }
}

TEST(FuzzCorpus, EveryInputTheFuzzerFoundStaysFixed) {
  for (const auto& [name, bytes] : files_in(fuzz_folder("regressions"))) {
    EXPECT_NO_THROW(fuzz::replay(bytes)) << "tests/fuzz/regressions/" << name;
  }
}
