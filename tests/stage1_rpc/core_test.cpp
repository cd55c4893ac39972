// The small helpers under everything: text from peers made safe to show, and type names as a
// reader writes them.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <typeinfo>
#include <vector>

#include "stage1_rpc/core/demangle.hpp"
#include "stage1_rpc/core/printable.hpp"
#include "stage1_rpc/wire/type_name.hpp"

using namespace rmi;

TEST(Printable, OneLineEscapesControlCharactersSoNoLineCanBeForged) {
  EXPECT_EQ(one_line("g(x\nREADY 1.2.3.4:5)"), "g(x\\x0aREADY 1.2.3.4:5)");
  EXPECT_EQ(one_line("\r\x1b[2J\x7f"), "\\x0d\\x1b[2J\\x7f");
  EXPECT_EQ(one_line("not implemented — see lectures"), "not implemented — see lectures")
      << "UTF-8 text stays as it is";
}

TEST(Printable, PrintableEscapesAndShortensPeerText) {
  EXPECT_EQ(printable("x\nREADY"), "x\\x0aREADY");
  EXPECT_EQ(printable(std::string(100, 'a'), 3), "aaa...");
}

TEST(Demangle, StandardStringReadsAsTypeNameSpellsIt) {
  EXPECT_EQ(demangle(typeid(std::string).name()), "std::string");
  EXPECT_EQ(demangle(typeid(std::string).name()), type_name<std::string>());
  EXPECT_EQ(demangle(typeid(std::vector<std::string>).name()),
            "std::vector<std::string, std::allocator<std::string> >");
  EXPECT_EQ(describe(std::out_of_range("vector::at")), "std::out_of_range: vector::at");
}
