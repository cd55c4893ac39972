// The main of every test program. With RMI_GRADE=1 in the environment it also prints one
// machine-readable line per test for tests/support/grade.sh:
//   GRADE-START RMI1a PacksThreeArgumentsInOrder
//   GRADE RMI1a PacksThreeArgumentsInOrder FAIL tests/stage1_rpc/rmi1a_test.cpp:41 <message>
// where the result is PASS, FAIL, or NOTIMPL when the first failure is an exercise's
// "not implemented" error. A START without its GRADE line means the test crashed or hung; with
// RMI_TEST_SECONDS set, a hung test ends the program, saying where (watchdog.hpp).
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "tests/support/watchdog.hpp"

namespace {

class GradeListener : public testing::EmptyTestEventListener {
  void OnTestStart(const testing::TestInfo& test) override {
    std::printf("GRADE-START %s %s\n", test.test_suite_name(), test.name());
    std::fflush(stdout);
    first_failure_.clear();
    where_.clear();
  }

  void OnTestPartResult(const testing::TestPartResult& part) override {
    if (!part.failed() || !first_failure_.empty()) return;
    std::string message = part.message();
    for (char& c : message) {
      if (c == '\n' || c == '\r') c = ' ';
    }
    first_failure_ = message.empty() ? "(no message)" : message;
    // An exception escaping the test body has no file; "-" says so.
    where_ = part.file_name() == nullptr
                 ? "-"
                 : std::string(part.file_name()) + ":" + std::to_string(part.line_number());
  }

  void OnTestEnd(const testing::TestInfo& test) override {
    const char* result = "PASS";
    if (test.result()->Failed()) {
      result = first_failure_.find("not implemented: exercise") != std::string::npos ? "NOTIMPL"
                                                                                     : "FAIL";
    }
    std::printf("GRADE %s %s %s %s %s\n", test.test_suite_name(), test.name(), result,
                where_.empty() ? "-" : where_.c_str(), first_failure_.c_str());
    std::fflush(stdout);
  }

  std::string first_failure_;
  std::string where_;
};

}  // namespace

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  if (const auto limit = rmi::test::Watchdog::limit_from_environment()) {
    testing::UnitTest::GetInstance()->listeners().Append(
        std::make_unique<rmi::test::Watchdog>(*limit).release());
  }
  const char* grade = std::getenv("RMI_GRADE");
  if (grade != nullptr && std::string(grade) == "1") {
    // gtest takes ownership of the listener.
    testing::UnitTest::GetInstance()->listeners().Append(
        std::make_unique<GradeListener>().release());
  }
  return RUN_ALL_TESTS();
}
