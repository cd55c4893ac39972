// Exercise RMI.5: register a name. A free name is registered; the owner may replace its own
// registration when it says so; nobody else may take it, except a holder of the service's token.
// Tested on a table here, then through a running lookup service.
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

const auto kLater = NameTable::Clock::now() + std::chrono::hours(1);

}  // namespace

class RMI5 : public rmi::test::LookupServiceTest {};

TEST_F(RMI5, AFreeNameIsRegisteredForItsOwnerUntilItsLeaseEnds) {
  NameTable table;
  const RemoteRef ref = reference("demo::Calculator");
  table.bind("calc", ref, "alice", false, false, kLater);
  ASSERT_NE(table.entry("calc"), nullptr);
  EXPECT_EQ(table.entry("calc")->ref, ref);
  EXPECT_EQ(table.entry("calc")->owner, "alice");
  EXPECT_EQ(table.entry("calc")->expires, kLater);
}

TEST_F(RMI5, TheOwnerReplacesItsOwnRegistrationOnlyWhenItSaysSo) {
  NameTable table;
  table.bind("calc", reference("demo::Calculator", {}, 1), "alice", false, false, kLater);
  try {
    table.bind("calc", reference("demo::Calculator", {}, 2), "alice", false, false, kLater);
    FAIL() << "a registration was replaced without replace";
  } catch (const NameTaken& e) {
    EXPECT_STREQ(e.what(),
                 "'calc' is registered by you already, as demo::Calculator object 1 at "
                 "127.0.0.1:40000; bind with replace to change it")
        << "the wording of the contract";
  } catch (const std::exception& e) {
    ADD_FAILURE() << rmi::test::instead_of<NameTaken>(e);
  }
  EXPECT_EQ(table.entry("calc")->ref.object, 1u) << "a refusal changes nothing";
  table.bind("calc", reference("demo::Calculator", {}, 2), "alice", true, false, kLater);
  EXPECT_EQ(table.entry("calc")->ref.object, 2u);
}

TEST_F(RMI5, AnotherProcessCannotTakeANameEvenWithReplace) {
  NameTable table;
  table.bind("calc", reference("demo::Calculator", {}, 1), "alice", false, false, kLater);
  for (const bool replace : {false, true}) {
    try {
      table.bind("calc", reference("demo::Calculator", {}, 9), "mallory", replace, false, kLater);
      ADD_FAILURE() << "another process took the name (replace " << replace << ")";
    } catch (const NameTaken& e) {
      EXPECT_STREQ(e.what(),
                   "'calc' is taken: it stands for demo::Calculator object 1 at 127.0.0.1:40000, "
                   "registered by another process")
          << "the wording of the contract";
    } catch (const std::exception& e) {
      ADD_FAILURE() << rmi::test::instead_of<NameTaken>(e);
    }
  }
  EXPECT_EQ(table.entry("calc")->owner, "alice");
  EXPECT_EQ(table.entry("calc")->ref.object, 1u);
}

TEST_F(RMI5, AHolderOfTheServicesTokenTakesAnyName) {
  NameTable table;
  table.bind("calc", reference("demo::Calculator", {}, 1), "alice", false, false, kLater);
  table.bind("calc", reference("demo::Calculator", {}, 9), "admin", false, true, kLater);
  EXPECT_EQ(table.entry("calc")->ref.object, 9u);
  EXPECT_EQ(table.entry("calc")->owner, "admin");
}

TEST_F(RMI5, ThroughTheServiceANameTakenArrivesAsNameTaken) {
  const LookupClient lookup = client();
  EXPECT_GT(lookup.bind("calc", reference("demo::Calculator"), "alice").count(), 0)
      << "the lease, in milliseconds";
  EXPECT_EQ(lookup.lookup("calc"), reference("demo::Calculator"));
  try {
    lookup.bind("calc", reference("demo::Calculator", {}, 9), "mallory", true);
    FAIL() << "another process took the name";
  } catch (const NameTaken& e) {
    EXPECT_TRUE(contains(e.what(), "registered by another process")) << e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << rmi::test::instead_of<NameTaken>(e);
  }
  EXPECT_EQ(lookup.lookup("calc").object, 1u);
}
