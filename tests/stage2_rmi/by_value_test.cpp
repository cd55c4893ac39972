// Objects passed by value: a registered class's state travels and runs at the server; a class
// the server has not registered is refused by name, because code never travels.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "stage2_rmi/rmi/by_value.hpp"
#include "stage2_rmi/rmi/proxy.hpp"
#include "tests/stage2_rmi/object_server_fixture.hpp"
#include "tests/stage2_rmi/test_objects.hpp"
#include "tests/support/contains.hpp"

using namespace rmi;
using rmi::test::contains;
using rmi::test::ObjectServerTest;
using rmi::test::Plus;
using rmi::test::Scaled;
using rmi::test::Task;

namespace {
// Another hierarchy, so that this process can write a "Minus" that the server's Task registry
// does not know, exactly as another client program would.
struct Operation {
  virtual ~Operation() = default;
};
struct Minus : Operation {
  template <class Archive>
  void serialize(Archive&, unsigned) {}
};

struct Unregistered : Task {
  int run(int a, int b) const override { return a - b; }
  template <class Archive>
  void serialize(Archive&, unsigned) {}
};
}  // namespace

TEST_F(ObjectServerTest, ATaskObjectRunsAtTheServer) {
  const Proxy functions(connect(), kFunctions);
  const ByValue<Task> plus(std::make_shared<Plus>());
  EXPECT_EQ(functions.call<int>("runtask", plus, 17, 22), 39);
  EXPECT_EQ(plus->run(17, 22), 39) << "and the same object runs here";
}

TEST_F(ObjectServerTest, ATaskObjectsStateTravelsWithIt) {
  auto scaled = std::make_shared<Scaled>();
  scaled->factor = 3;
  EXPECT_EQ(Proxy(connect(), kFunctions).call<int>("runtask", ByValue<Task>(scaled), 1, 2), 9);
}

TEST_F(ObjectServerTest, TwoTaskObjectsInOneCallArriveAsTwoWholeObjects) {
  auto scaled = std::make_shared<Scaled>();
  scaled->factor = 3;
  const ByValue<Task> plus(std::make_shared<Plus>()), times(scaled);
  EXPECT_EQ(Proxy(connect(), kFunctions).call<int>("runboth", plus, times, 1, 2), 3009);
  EXPECT_EQ(Proxy(connect(), kFunctions).call<int>("runboth", plus, plus, 1, 2), 3003)
      << "the same object twice is sent twice";
}

// An outside attacker's finding: a payload that marks its objects as tracked lets the second of
// two by-value arguments repeat the first one's number, and Boost then leaves it empty.
TEST_F(ObjectServerTest, ByValueArgumentsMarkedAsTrackedAreRefused) {
  const MethodCall call{.object = kFunctions,
                        .method = "runboth",
                        .signature = "int(rmi::ByValue<rmi::test::Task>, "
                                     "rmi::ByValue<rmi::test::Task>, int, int)",
                        .timeout = test::kPatience};
  OutFrame request(kObjectCall);
  std::size_t header_bytes = 0;
  {
    OutArchive out(request);
    write_call_header(out, call);
    header_bytes = request.payload().size();
    const ByValue<Task> plus(std::make_shared<Plus>());
    out << plus << plus << 1 << 2;
  }
  request.seal();
  // The first byte after the header: whether ByValue<Task>'s objects are tracked.
  std::vector<char> bytes(request.payload().begin(), request.payload().end());
  ASSERT_EQ(bytes[header_bytes], 0);
  OutFrame forged(kObjectCall);
  bytes[header_bytes] = 1;
  forged.append(bytes.data(), bytes.size());
  const Frame reply = connect()->call(forged, "runboth", "...", {.reply_kind = kTaggedReply});
  InArchive in(reply.payload);
  std::uint8_t tag = 0;
  std::string type, message;
  in >> tag >> type >> message;
  EXPECT_EQ(type, "rmi::ProtocolError");
  EXPECT_TRUE(contains(message, "tracked")) << message;
}

TEST_F(ObjectServerTest, AClassNotRegisteredHereCannotBeSent) {
  const ByValue<Task> stranger(std::make_shared<Unregistered>());
  try {
    Proxy(connect(), kFunctions).call<int>("runtask", stranger, 1, 2);
    FAIL() << "an unregistered class was sent";
  } catch (const BadArguments& e) {
    EXPECT_TRUE(contains(e.what(), "not registered here"));
  }
}

TEST_F(ObjectServerTest, AClassNotRegisteredAtTheServerIsRefusedByName) {
  register_class<Operation, Minus>("Minus");
  OutFrame request(kObjectCall);
  {
    OutArchive out(request);
    write_call_header(out, {.object = kFunctions,
                            .method = "runtask",
                            .signature = "int(rmi::ByValue<rmi::test::Task>, int, int)",
                            .timeout = test::kPatience});
    out << ByValue<Operation>(std::make_shared<Minus>()) << 1 << 2;
  }
  CallOptions tagged;
  tagged.reply_kind = kTaggedReply;
  const Frame reply = connect()->call(request, "runtask", "...", tagged);
  InArchive in(reply.payload);
  std::uint8_t tag = 0;
  std::string type, message;
  in >> tag >> type >> message;
  EXPECT_EQ(tag, 1);
  EXPECT_EQ(type, "rmi::BadArguments");
  EXPECT_TRUE(contains(message, "a Minus arrived by value, but that class is not registered here"));
  EXPECT_TRUE(contains(message, "registered: Plus, Scaled"));
}

TEST_F(ObjectServerTest, OneNameCannotBeRegisteredForTwoClasses) {
  EXPECT_NO_THROW((register_class<Task, Plus>("Plus"))) << "the same registration again is fine";
  EXPECT_THROW((register_class<Task, Plus>("Scaled")), Error);
  EXPECT_THROW((register_class<Task, Plus>("Plus2")), Error);
}
