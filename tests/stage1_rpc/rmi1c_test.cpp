// Exercise RMI.1c: the function table finds the overload a call names, or says why not.
// The handlers here are written by hand, so these tests depend only on bind and find.
#include <gtest/gtest.h>

#include <string>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/rpc/function_table.hpp"
#include "stage1_rpc/wire/codec.hpp"
#include "stage1_rpc/wire/frame.hpp"
#include "tests/support/contains.hpp"
#include "tests/support/instead_of.hpp"

using namespace rmi;

namespace {

// A handler that records that it was the one found; it never touches the archives.
Handler marker(std::string& chosen, std::string name) {
  return [&chosen, name](InArchive&, OutArchive&) { chosen = name; };
}

// Calls the handler find() returned, with empty archives (marker handlers do not use them).
void run_found(const Handler& handler) {
  InArchive in(std::string_view{});
  OutFrame reply(MessageKind::Reply);
  OutArchive out(reply);
  handler(in, out);
}

}  // namespace

TEST(RMI1c, FindsABoundFunction) {
  std::string chosen;
  FunctionTable table;
  table.bind("add", "int(int, int)", marker(chosen, "add"));
  table.bind("f", "std::string()", marker(chosen, "f"));
  run_found(table.find("f", "std::string()"));
  EXPECT_EQ(chosen, "f");
  run_found(table.find("add", "int(int, int)"));
  EXPECT_EQ(chosen, "add");
}

TEST(RMI1c, PicksTheOverloadWithTheCallsSignature) {
  std::string chosen;
  FunctionTable table;
  table.bind("mul", "int(int, int)", marker(chosen, "numbers"));
  table.bind("mul", "std::string(std::string, int)", marker(chosen, "text"));
  run_found(table.find("mul", "std::string(std::string, int)"));
  EXPECT_EQ(chosen, "text") << "find() returned the handler of another signature";
  run_found(table.find("mul", "int(int, int)"));
  EXPECT_EQ(chosen, "numbers") << "find() returned the handler of another signature";
}

TEST(RMI1c, UnknownNameIsNoSuchFunctionNamingItAndWhatIsBound) {
  std::string chosen;
  FunctionTable table;
  table.bind("add", "int(int, int)", marker(chosen, "add"));
  table.bind("sub", "int(int, int)", marker(chosen, "sub"));
  try {
    table.find("divide", "int(int, int)");
    FAIL() << "find() of an unbound name must throw NoSuchFunction";
  } catch (const NoSuchFunction& e) {
    EXPECT_TRUE(test::contains(e.what(), "divide"));
    EXPECT_TRUE(test::contains(e.what(), "add"));
    EXPECT_TRUE(test::contains(e.what(), "sub"));
  } catch (const std::exception& e) {
    ADD_FAILURE() << rmi::test::instead_of<NoSuchFunction>(e);
  }
}

TEST(RMI1c, WrongSignatureIsBadArgumentsNamingAskedAndEveryBoundSignature) {
  std::string chosen;
  FunctionTable table;
  table.bind("mul", "int(int, int)", marker(chosen, "numbers"));
  table.bind("mul", "std::string(std::string, int)", marker(chosen, "text"));
  try {
    table.find("mul", "double(double, double)");
    FAIL() << "find() with a signature nobody bound must throw BadArguments";
  } catch (const BadArguments& e) {
    EXPECT_TRUE(test::contains(e.what(), "mul"));
    EXPECT_TRUE(test::contains(e.what(), "double(double, double)"));
    EXPECT_TRUE(test::contains(e.what(), "int(int, int)"));
    EXPECT_TRUE(test::contains(e.what(), "std::string(std::string, int)"));
  } catch (const std::exception& e) {
    ADD_FAILURE() << rmi::test::instead_of<BadArguments>(e);
  }
}

TEST(RMI1c, BindingTheSameSignatureTwiceIsRefusedNamingNameAndSignature) {
  std::string chosen;
  FunctionTable table;
  table.bind("scale", "double(double, int)", marker(chosen, "first"));
  try {
    table.bind("scale", "double(double, int)", marker(chosen, "second"));
    ADD_FAILURE() << "bind(\"scale\", \"double(double, int)\") a second time must throw rmi::Error";
  } catch (const Error& e) {
    EXPECT_TRUE(test::contains(e.what(), "scale")) << "the refusal must name the name";
    EXPECT_TRUE(test::contains(e.what(), "double(double, int)"))
        << "the refusal must name the signature";
  }
  run_found(table.find("scale", "double(double, int)"));
  EXPECT_EQ(chosen, "first") << "a refused bind must leave the first binding in place";
}

TEST(RMI1c, AnEmptyTableFindsNothing) {
  const FunctionTable table;
  EXPECT_THROW(table.find("f", "void()"), NoSuchFunction);
}
