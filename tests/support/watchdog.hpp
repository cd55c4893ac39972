#pragma once
// Where is a hung test stuck? With RMI_TEST_SECONDS=n in the environment (make grade sets it), a
// test that runs longer than n seconds makes its program print, for each of its threads, the
// frames of its stack in the toolkit's own files, then end with exit code 124, as `timeout`
// would. A deadlock and an endless loop then both say where they are, within seconds rather than
// after the minute a whole exercise is allowed, and grade.sh shows the place in its table.
// Stdout gets one line for the grader: GRADE-HUNG <suite> <test> <seconds>.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace rmi::test {

class Watchdog : public testing::EmptyTestEventListener {
 public:
  explicit Watchdog(std::chrono::seconds limit);
  // The limit RMI_TEST_SECONDS sets, if it is set.
  static std::optional<std::chrono::seconds> limit_from_environment();

  void OnTestStart(const testing::TestInfo& test) override;
  void OnTestEnd(const testing::TestInfo& test) override;

 private:
  void watch(std::stop_token stop);
  [[noreturn]] void report_and_end(const std::string& test);

  const std::chrono::seconds limit_;
  std::mutex mutex_;
  std::condition_variable_any changed_;
  std::string test_;                                          // guarded by mutex_
  std::optional<std::chrono::steady_clock::time_point> due_;  // guarded by mutex_
  std::jthread watcher_;                                      // last: stopped first
};

}  // namespace rmi::test
