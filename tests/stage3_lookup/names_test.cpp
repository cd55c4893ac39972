// What the lookup service accepts: dotted names, C++ class names, prefixes of names.
#include <gtest/gtest.h>

#include <string>

#include "stage3_lookup/lookup/lookup_errors.hpp"
#include "stage3_lookup/lookup/names.hpp"
#include "stage3_lookup/lookup/reachable.hpp"
#include "tests/support/contains.hpp"

using namespace rmi;
using rmi::test::contains;

TEST(LookupNames, NamesAreDottedPartsOfPlainCharacters) {
  for (const char* good : {"calculator_node1", "demo.cluster.node-2", "a", "A.b_c.D-9"})
    EXPECT_TRUE(is_name(good)) << good;
  for (const char* bad : {"", ".", "a.", ".a", "a..b", "a b", "a/b", "é", "a\nb"})
    EXPECT_FALSE(is_name(bad)) << bad;
  EXPECT_TRUE(is_name(std::string(kMaxNameLength, 'n')));
  EXPECT_FALSE(is_name(std::string(kMaxNameLength + 1, 'n')));
}

TEST(LookupNames, ClassNamesAreIdentifiersJoinedByColons) {
  for (const char* good : {"Calculator", "demo::Calculator", "a::b::_C9"})
    EXPECT_TRUE(is_class_name(good)) << good;
  for (const char* bad : {"", "demo::", "::demo", "demo:::x", "3D", "demo.Calculator",
                          "std::vector<int>", "a b"})
    EXPECT_FALSE(is_class_name(bad)) << bad;
}

TEST(LookupNames, APrefixCoversWholePartsOnly) {
  EXPECT_TRUE(is_under("demo.cluster.node1", "demo.cluster"));
  EXPECT_TRUE(is_under("demo.cluster", "demo.cluster"));
  EXPECT_FALSE(is_under("demo.clusters", "demo.cluster"));
  EXPECT_FALSE(is_under("demo", "demo.cluster"));
  EXPECT_TRUE(is_under("anything", ""));
}

TEST(LookupNames, RefusalsQuoteTheTextPrintableAndSayWhatIsAccepted) {
  try {
    check_name("evil\nname");
    FAIL() << "a newline in a name";
  } catch (const BadName& e) {
    EXPECT_TRUE(contains(e.what(), "evil\\x0aname")) << "made printable: " << e.what();
    EXPECT_TRUE(contains(e.what(), "demo.cluster.node1")) << "an example: " << e.what();
  }
  EXPECT_THROW(check_class_name("x y"), MalformedClassName);
}

TEST(LookupNames, LoopbackAndWildcardAddressesAreThisMachineOnly) {
  for (const char* local : {"127.0.0.1", "127.1.2.3", "localhost", "0.0.0.0", ""})
    EXPECT_TRUE(is_local_only(local)) << local;
  for (const char* remote : {"10.0.0.5", "calc.example.org", "192.0.2.7"})
    EXPECT_FALSE(is_local_only(remote)) << remote;
}
