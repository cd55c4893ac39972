#pragma once
// EXPECT_TRUE(contains(text, part)): passes if `part` occurs in `text`, and otherwise shows
// both. (gmock's HasSubstr does the same, but gmock adds over a second to every test file's
// compile time.)
#include <gtest/gtest.h>

#include <string_view>

namespace rmi::test {

inline testing::AssertionResult contains(std::string_view text, std::string_view part) {
  if (text.find(part) != std::string_view::npos) return testing::AssertionSuccess();
  return testing::AssertionFailure() << "expected \"" << part << "\" in \"" << text << "\"";
}

}  // namespace rmi::test
