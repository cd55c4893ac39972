// Exercise RMI.6: remove a registration. Its owner may remove it, and a holder of the service's
// token; nobody else, and the refusal gives nothing away. Tested on a table here, then through a
// running lookup service.
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

NameTable with_calc(const std::string& owner) {
  NameTable table;
  table.put("calc", {reference("demo::Calculator"), owner,
                     NameTable::Clock::now() + std::chrono::hours(1)});
  return table;
}

}  // namespace

class RMI6 : public rmi::test::LookupServiceTest {};

TEST_F(RMI6, TheOwnerRemovesItsName) {
  NameTable table = with_calc("alice-secret");
  table.unbind("calc", "alice-secret", false);
  EXPECT_EQ(table.entry("calc"), nullptr);
  EXPECT_THROW(table.find("calc"), NoSuchName);
}

TEST_F(RMI6, AnotherKeyIsRefusedWithoutGivingTheOwnersAway) {
  NameTable table = with_calc("alice-secret");
  try {
    table.unbind("calc", "alice-secre", false);
    FAIL() << "a wrong key removed the name";
  } catch (const NotOwner& e) {
    EXPECT_STREQ(e.what(),
                 "only the process that registered 'calc' (or a holder of the lookup service's "
                 "token) may remove it")
        << "the wording of the contract";
  } catch (const std::exception& e) {
    ADD_FAILURE() << rmi::test::instead_of<NotOwner>(e);
  }
  EXPECT_NE(table.entry("calc"), nullptr) << "a refusal changes nothing";
}

TEST_F(RMI6, AHolderOfTheServicesTokenRemovesAnyName) {
  NameTable table = with_calc("alice-secret");
  table.unbind("calc", "the-token", true);
  EXPECT_EQ(table.entry("calc"), nullptr);
}

TEST_F(RMI6, RemovingANameNobodyRegisteredIsNoSuchName) {
  NameTable table = with_calc("alice-secret");
  try {
    table.unbind("clock", "alice-secret", false);
    FAIL() << "a missing name was removed";
  } catch (const NoSuchName& e) {
    EXPECT_TRUE(contains(e.what(), "no object is registered as 'clock'")) << e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << rmi::test::instead_of<NoSuchName>(e);
  }
}

TEST_F(RMI6, ThroughTheServiceOnlyTheOwnerOrTheTokenRemoves) {
  start(std::chrono::seconds(10), "the-token");
  const LookupClient lookup = client();
  lookup.bind("calc", reference("demo::Calculator"), "alice-secret");
  EXPECT_THROW(lookup.unbind("calc", "mallory"), NotOwner) << "arrives as itself (RMI.2)";
  EXPECT_EQ(lookup.lookup("calc").object, 1u);
  lookup.unbind("calc", "alice-secret");
  EXPECT_THROW(lookup.lookup("calc"), NoSuchName);
  lookup.bind("clock", reference("demo::Clock"), "bob-secret");
  lookup.unbind("clock", "the-token");
  EXPECT_THROW(lookup.lookup("clock"), NoSuchName) << "the service's token removes any name";
}
