// Exercise RMI.1b: the server unpacks a call's arguments and applies the bound function.
// The arguments are written here with the framework's OutArchive, not with your RMI.1a code,
// so these tests depend only on apply_call.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/exercises/rmi1b_apply_call.hpp"
#include "stage1_rpc/wire/frame.hpp"

using namespace rmi;

namespace {

struct Money {
  long cents = 0;
  std::string currency;
  template <class Archive>
  void serialize(Archive& archive, unsigned) {
    archive& cents& currency;
  }
};

// Writes `args` the way a client would, runs apply_call, returns the reply's payload.
template <class R, class... Params, class... Args>
std::string run(const std::function<R(Params...)>& function, const Args&... args) {
  OutFrame call(MessageKind::Call);
  {
    OutArchive out(call);
    ((out << args), ...);
  }
  const std::string arguments(call.payload().begin(), call.payload().end());
  InArchive in(arguments);
  OutFrame reply(MessageKind::Reply);
  {
    OutArchive out(reply);
    apply_call(function, in, out);
  }
  EXPECT_EQ(in.remaining(), 0u) << "apply_call left arguments unread";
  return std::string(reply.payload().begin(), reply.payload().end());
}

template <class T>
T result_of(const std::string& payload) {
  InArchive in(payload);
  T value{};
  in >> value;
  EXPECT_EQ(in.remaining(), 0u) << "apply_call wrote more than the result";
  return value;
}

}  // namespace

TEST(RMI1b, AppliesTwoArgumentsAndWritesTheResult) {
  const std::function<int(int, int)> add = [](int a, int b) { return a + b; };
  EXPECT_EQ(result_of<int>(run(add, 100, 222)), 322);
}

TEST(RMI1b, PassesArgumentsInTheirOrder) {
  const std::function<int(int, int)> sub = [](int a, int b) { return a - b; };
  EXPECT_EQ(result_of<int>(run(sub, 222, 100)), 122);
}

TEST(RMI1b, CallsAFunctionWithoutArguments) {
  int calls = 0;
  const std::function<std::string()> f = [&calls] {
    ++calls;
    return std::string("x");
  };
  EXPECT_EQ(result_of<std::string>(run(f)), "x");
  EXPECT_EQ(calls, 1);
}

TEST(RMI1b, VoidResultWritesNothing) {
  std::string seen;
  const std::function<void(std::string)> record = [&seen](std::string text) { seen = text; };
  EXPECT_EQ(run(record, std::string("noted")).size(), 0u);
  EXPECT_EQ(seen, "noted");
}

TEST(RMI1b, ConstReferenceParametersGetPlainValues) {
  const std::function<std::string(const std::string&, int)> repeat = [](const std::string& text,
                                                                        int times) {
    std::string out;
    for (int i = 0; i < times; ++i)
      out += text;
    return out;
  };
  EXPECT_EQ(result_of<std::string>(run(repeat, std::string("."), 10)), "..........");
}

TEST(RMI1b, UserTypesAndContainersArriveWhole) {
  const std::function<long(std::vector<Money>)> total = [](std::vector<Money> amounts) {
    long sum = 0;
    for (const Money& m : amounts)
      sum += m.cents;
    return sum;
  };
  EXPECT_EQ(result_of<long>(run(total, std::vector<Money>{{150, "EUR"}, {250, "EUR"}})), 400);
}

TEST(RMI1b, RefusesBytesToSpareBeforeCalling) {
  // The arguments of add(int, int) and three more bytes: the call must not run.
  bool called = false;
  const std::function<int(int, int)> add = [&called](int a, int b) {
    called = true;
    return a + b;
  };
  OutFrame call(MessageKind::Call);
  {
    OutArchive out(call);
    out << 1 << 2;
  }
  call.append("xyz", 3);
  const std::string arguments(call.payload().begin(), call.payload().end());
  InArchive in(arguments);
  OutFrame reply(MessageKind::Reply);
  OutArchive out(reply);
  EXPECT_THROW(apply_call(add, in, out), ProtocolError);
  EXPECT_FALSE(called) << "the function ran although its call had 3 bytes too many";
}

TEST(RMI1b, ReadsEveryArgumentBeforeCalling) {
  // Only one of two int arguments arrives: the function must not run with a half-read call.
  bool called = false;
  const std::function<int(int, int)> add = [&called](int a, int b) {
    called = true;
    return a + b;
  };
  OutFrame call(MessageKind::Call);
  {
    OutArchive out(call);
    out << 1;
  }
  const std::string arguments(call.payload().begin(), call.payload().end());
  InArchive in(arguments);
  OutFrame reply(MessageKind::Reply);
  OutArchive out(reply);
  EXPECT_THROW(apply_call(add, in, out), ProtocolError);
  EXPECT_FALSE(called);
}
