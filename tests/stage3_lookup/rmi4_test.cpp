// Exercise RMI.4: look up by class. The table answers from names alone: an object is an
// instance of its own class and of every base its reference declares; a class nobody declared is
// unknown, and a name that is no class name is malformed. Tested on tables filled here, then
// through a running lookup service, where each refusal reaches the caller as its own type.
#include <gtest/gtest.h>

#include "stage3_lookup/lookup/lookup_errors.hpp"
#include "stage3_lookup/lookup/name_table.hpp"
#include "tests/stage3_lookup/lookup_fixture.hpp"
#include "tests/support/contains.hpp"
#include "tests/support/instead_of.hpp"

using namespace rmi;
using rmi::test::contains;
using rmi::test::reference;

namespace {

NameTable::Entry entry(RemoteRef ref) {
  return {std::move(ref), "owner", NameTable::Clock::now() + std::chrono::seconds(10)};
}

// calc.basic: a demo::Calculator; calc.science: a demo::ScientificCalculator, which declares
// demo::Calculator as its base; clock: a demo::Clock.
NameTable zoo() {
  NameTable table;
  table.put("calc.science",
            entry(reference("demo::ScientificCalculator", {"demo::Calculator"}, 2)));
  table.put("calc.basic", entry(reference("demo::Calculator", {}, 1)));
  table.put("clock", entry(reference("demo::Clock", {}, 3)));
  return table;
}

std::vector<ObjectId> ids(const std::vector<RemoteRef>& refs) {
  std::vector<ObjectId> found;
  for (const RemoteRef& ref : refs)
    found.push_back(ref.object);
  return found;
}

}  // namespace

// Every test of the exercise has a lookup service at hand; most ask a table of their own.
class RMI4 : public rmi::test::LookupServiceTest {};

TEST_F(RMI4, FindsAnInstanceOfTheClassItself) {
  EXPECT_EQ(ids(zoo().find_class("demo::Clock", 10)), std::vector<ObjectId>{3});
}

TEST_F(RMI4, InstancesOfSubclassesMatchInTheOrderOfTheirNames) {
  EXPECT_EQ(ids(zoo().find_class("demo::Calculator", 10)), (std::vector<ObjectId>{1, 2}))
      << "calc.basic, then calc.science (a subclass)";
  EXPECT_EQ(ids(zoo().find_class("demo::ScientificCalculator", 10)), std::vector<ObjectId>{2})
      << "a base class's instance is not one of its subclass";
}

TEST_F(RMI4, AtMostAsManyAsAsked) {
  EXPECT_EQ(ids(zoo().find_class("demo::Calculator", 1)), std::vector<ObjectId>{1});
}

TEST_F(RMI4, AKnownClassWithNoInstanceNowFindsNone) {
  NameTable table = zoo();
  table.expire(NameTable::Clock::now() + std::chrono::hours(1));  // every lease has run out
  EXPECT_TRUE(table.find_class("demo::Calculator", 10).empty())
      << "the class was declared: 'none' is the answer, not an error";
}

TEST_F(RMI4, AClassNobodyDeclaredIsNoSuchClass) {
  try {
    zoo().find_class("demo::Abacus", 10);
    FAIL() << "an unknown class was looked up without an error";
  } catch (const NoSuchClass& e) {
    EXPECT_STREQ(e.what(), "no exporter has declared the class demo::Abacus")
        << "the wording of the contract";
  } catch (const std::exception& e) {
    ADD_FAILURE() << rmi::test::instead_of<NoSuchClass>(e);
  }
}

TEST_F(RMI4, ANameThatIsNoClassNameIsMalformed) {
  for (const char* name : {"demo::", "::Calculator", "3D", "demo.Calculator", "a b", ""}) {
    SCOPED_TRACE(name);
    try {
      zoo().find_class(name, 10);
      ADD_FAILURE() << "a malformed class name was looked up";
    } catch (const MalformedClassName& e) {
      EXPECT_TRUE(contains(e.what(), "is not a class name")) << e.what();
    } catch (const std::exception& e) {
      ADD_FAILURE() << rmi::test::instead_of<MalformedClassName>(e);
    }
  }
}

// The same, through a running lookup service: the refusals arrive as their own types (RMI.2).
TEST_F(RMI4, TheLecturesLookupByClassThroughTheService) {
  const LookupClient lookup = client();
  lookup.bind("calc.science", reference("demo::ScientificCalculator", {"demo::Calculator"}, 2),
              "owner");
  const auto found = lookup.find_class("demo::Calculator");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->class_name, "demo::ScientificCalculator");
  EXPECT_EQ(lookup.find_all("demo::ScientificCalculator").size(), 1u);
  EXPECT_THROW(lookup.find_class("demo::Abacus"), NoSuchClass) << "arrives as itself (RMI.2)";
  EXPECT_THROW(lookup.find_class("demo::"), MalformedClassName) << "arrives as itself (RMI.2)";
}
