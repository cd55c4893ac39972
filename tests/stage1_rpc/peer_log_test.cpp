// The log lines about peers: a flood from one host, or from many, becomes a few lines and a
// count, and the count is never lost. A clock the test moves forward replaces waiting.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "stage1_rpc/core/peer_log.hpp"
#include "tests/support/contains.hpp"

using namespace rmi;
using namespace std::chrono_literals;
using test::contains;

namespace {

class PeerLogTest : public testing::Test {
 protected:
  PeerLog make(PeerLogLimits limits = {}) {
    return PeerLog([this](std::string_view line) { lines_.emplace_back(line); }, limits,
                   [this] { return now_; });
  }
  std::size_t bytes() const {
    std::size_t total = 0;
    for (const auto& line : lines_)
      total += line.size() + 1;
    return total;
  }

  std::vector<std::string> lines_;
  PeerLog::Clock::time_point now_ = PeerLog::Clock::now();
};

}  // namespace

TEST_F(PeerLogTest, FiveThousandLinesFromOneHostBecomeAFewAndACount) {
  {
    PeerLog log = make();
    for (int i = 0; i < 5000; ++i)
      log("10.0.0.2", "call " + std::to_string(i) + " from 10.0.0.2 failed");
    EXPECT_EQ(lines_.size(), 5u) << "the first five, in full";
    EXPECT_EQ(lines_[0], "call 0 from 10.0.0.2 failed");
  }  // the destructor flushes, as a stopping server does
  ASSERT_EQ(lines_.size(), 6u);
  EXPECT_TRUE(contains(lines_[5], "... 4995 more lines about 10.0.0.2 in the last 0.0 s"));
}

TEST_F(PeerLogTest, ANewIntervalSummarisesTheLastOnceAndLogsAgain) {
  PeerLog log = make();
  for (int i = 0; i < 100; ++i)
    log("10.0.0.2", "failed");
  now_ += 10s;
  log("10.0.0.2", "failed again");
  ASSERT_EQ(lines_.size(), 7u);
  EXPECT_TRUE(contains(lines_[5], "... 95 more lines about 10.0.0.2 in the last 10.0 s"));
  EXPECT_EQ(lines_[6], "failed again");
  log.flush();
  EXPECT_EQ(lines_.size(), 7u) << "nothing was left out since: nothing to summarise";
}

TEST_F(PeerLogTest, ManyHostsTogetherAreBoundedToo) {
  {
    PeerLog log = make({.per_host = 5, .in_total = 20, .max_hosts = 100});
    for (int i = 0; i < 200'000; ++i) {
      const std::string host =
          "10.0." + std::to_string(i % 1000 / 256) + "." + std::to_string(i % 256);
      log(host, "refused a connection from " + host);
    }
    EXPECT_EQ(lines_.size(), 20u);
  }
  EXPECT_LE(lines_.size(), 20u + 11u) << "at most ten hosts' summaries and one for the rest";
  EXPECT_LT(bytes(), 4096u);
  std::size_t counted = 0;
  for (std::size_t i = 20; i < lines_.size(); ++i)
    counted += std::stoul(lines_[i].substr(4));  // "... N more lines about ..."
  EXPECT_EQ(counted + 20, 200'000u) << "every line is either written or counted";
}

TEST_F(PeerLogTest, OneHostCannotSilenceTheOthers) {
  PeerLog log = make();
  for (int i = 0; i < 1000; ++i)
    log("10.0.0.66", "flood");
  log("10.0.0.7", "an honest client's only failure");
  EXPECT_EQ(lines_.back(), "an honest client's only failure");
}

TEST_F(PeerLogTest, AVeryLongLineIsCut) {
  PeerLog log = make();
  log("10.0.0.2", std::string(100'000, 'x'));
  ASSERT_EQ(lines_.size(), 1u);
  EXPECT_EQ(lines_[0].size(), PeerLogLimits{}.max_line_length + 3);
}
