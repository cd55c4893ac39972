// Exercise RMI.3: the object table dispatches a call to the object and method it names, and
// the proxy's call_method sends an ObjectCall and reads its tagged reply. Dispatch is tested
// on tables built here by hand; call_method against a stand-in server in this process.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <string>
#include <thread>

#include "stage1_rpc/net/listener.hpp"
#include "stage1_rpc/wire/codec.hpp"
#include "stage2_rmi/exercises/rmi3_call_method.hpp"
#include "stage2_rmi/rmi/errors.hpp"
#include "stage2_rmi/rmi/object_table.hpp"
#include "tests/support/contains.hpp"
#include "tests/support/loopback.hpp"

using namespace rmi;
using namespace std::chrono_literals;
using rmi::test::contains;

namespace {

// An object whose methods are written by hand: "name" returns the object's name,
// "twice int(int)" doubles its argument.
std::shared_ptr<ExportedObject> object_named(const std::string& name) {
  auto object = std::make_shared<ExportedObject>();
  object->interface_name = "Thing";
  object->methods.bind("name", "std::string()",
                       [name](InArchive&, OutArchive& out) { out << name; });
  object->methods.bind("twice", "int(int)", [](InArchive& in, OutArchive& out) {
    int value = 0;
    in >> value;
    out << 2 * value;
  });
  return object;
}

// Runs `call` through dispatch with these argument bytes; returns the reply's bytes.
std::string dispatched(const ObjectTable& table, const CallHeader& call,
                       const std::string& arguments) {
  InArchive in(arguments);
  OutFrame reply(MessageKind::TaggedReply);
  {
    OutArchive out(reply);
    table.dispatch(call, in, out);
  }
  return std::string(reply.payload().begin(), reply.payload().end());
}

template <class T>
std::string bytes_of(const T& value) {
  OutFrame frame(MessageKind::Call);
  {
    OutArchive out(frame);
    out << value;
  }
  return std::string(frame.payload().begin(), frame.payload().end());
}

// Counts how many calls are inside the method at once. Each call waits a little for company.
struct Overlap {
  std::mutex mutex;
  std::condition_variable changed;
  int inside = 0;
  int most = 0;

  Handler handler() {
    return [this](InArchive&, OutArchive&) {
      std::unique_lock lock(mutex);
      most = std::max(most, ++inside);
      changed.notify_all();
      changed.wait_for(lock, 200ms, [this] { return inside > 1; });
      --inside;
    };
  }
};

int most_at_once(bool thread_safe) {
  ObjectTable table;
  Overlap overlap;
  auto object = std::make_shared<ExportedObject>();
  object->thread_safe = thread_safe;
  object->methods.bind("wait", "void()", overlap.handler());
  table.add(7, object);
  // An exception on a thread would end the test program: carry it back instead.
  std::exception_ptr failures[2];
  auto call = [&table, &failures](int which) {
    try {
      dispatched(table, CallHeader{7, "wait", "void()"}, "");
    } catch (...) {
      failures[which] = std::current_exception();
    }
  };
  std::jthread first(call, 0), second(call, 1);
  first.join();
  second.join();
  for (const auto& failure : failures) {
    if (failure) std::rethrow_exception(failure);
  }
  return overlap.most;
}

}  // namespace

TEST(RMI3, DispatchRunsTheMethodOfTheObjectNamed) {
  ObjectTable table;
  table.add(1, object_named("one"));
  table.add(2, object_named("two"));
  EXPECT_EQ(dispatched(table, {2, "name", "std::string()"}, ""), bytes_of(std::string("two")));
  EXPECT_EQ(dispatched(table, {1, "twice", "int(int)"}, bytes_of(21)), bytes_of(42));
}

TEST(RMI3, UnknownObjectIsNoSuchObjectListingTheIds) {
  ObjectTable table;
  table.add(1, object_named("one"));
  table.add(2, object_named("two"));
  try {
    dispatched(table, {9, "name", "std::string()"}, "");
    FAIL() << "dispatch to a missing object must throw NoSuchObject";
  } catch (const NoSuchObject& e) {
    EXPECT_STREQ(e.what(), "no object 9 here; objects: 1, 2") << "the wording of the contract";
  }
}

TEST(RMI3, UnknownMethodIsNoSuchMethodNamingObjectAndMethods) {
  ObjectTable table;
  table.add(4, object_named("four"));
  try {
    dispatched(table, {4, "size", "int()"}, "");
    FAIL() << "dispatch of a missing method must throw NoSuchMethod";
  } catch (const NoSuchMethod& e) {
    EXPECT_STREQ(e.what(), "object 4 (Thing) has no method 'size'; methods: name, twice")
        << "the wording of the contract";
  }
}

TEST(RMI3, WrongSignatureIsBadArguments) {
  ObjectTable table;
  table.add(1, object_named("one"));
  EXPECT_THROW(dispatched(table, {1, "twice", "int(double)"}, bytes_of(2.0)), BadArguments);
}

TEST(RMI3, CallsOnOneObjectTakeTurns) {
  EXPECT_EQ(most_at_once(false), 1) << "two calls ran inside one object at the same time";
}

TEST(RMI3, TheTableIsFreeWhileAMethodRuns) {
  // The method waits for another thread to add an object: if dispatch held the table's lock
  // during the call, the add would wait for the call, and the call for the add.
  ObjectTable table;
  std::promise<void> added;
  auto object = std::make_shared<ExportedObject>();
  object->methods.bind("wait", "bool()", [&added](InArchive&, OutArchive& out) {
    out << (added.get_future().wait_for(2s) == std::future_status::ready);
  });
  table.add(1, object);
  std::jthread adder([&] {
    std::this_thread::sleep_for(50ms);  // the call is running by now
    table.add(2, object_named("two"));
    added.set_value();
  });
  EXPECT_EQ(dispatched(table, {1, "wait", "bool()"}, ""), bytes_of(true))
      << "adding an object had to wait for a call in progress";
}

TEST(RMI3, AThreadSafeObjectTakesCallsAtOnce) {
  EXPECT_EQ(most_at_once(true), 2) << "calls on a thread_safe object were made to take turns";
}

namespace {

// A stand-in server: accepts one connection, hands each frame to `answer`, sends its reply.
class StandIn {
 public:
  explicit StandIn(std::function<std::string(const Frame&)> answer)
      : thread_([this, answer = std::move(answer)] {
          try {
            auto client = listener_.accept();
            if (!client) return;
            client->set_receive_timeout(test::kPatience);
            while (auto frame = read_frame(*client, {})) {
              const std::string reply = answer(*frame);
              if (reply.empty()) continue;  // no answer at all
              test::send_raw(*client, test::frame_bytes(MessageKind::TaggedReply, reply));
            }
          } catch (const std::exception&) {
            // the client went away or stopped talking: the stand-in's work is done
          }
        }) {}
  ~StandIn() { listener_.interrupt(); }
  const Endpoint& endpoint() const { return listener_.endpoint(); }

 private:
  Listener listener_{{"127.0.0.1", 0}};
  std::jthread thread_;
};

std::string value_reply(const std::string& value_bytes) {
  return std::string(1, '\0') + value_bytes;
}

}  // namespace

TEST(RMI3, CallMethodSendsAnObjectCallAndReturnsTheValue) {
  std::promise<std::string> seen;
  StandIn server([&seen](const Frame& frame) {
    InArchive in(frame.payload);
    ObjectId object = 0;
    std::string method, signature, argument;
    in >> object >> method >> signature >> argument;
    seen.set_value(to_string(frame.kind) + " " + std::to_string(object) + " " + method + " " +
                   signature + " " + argument + " " + std::to_string(in.remaining()));
    return value_reply(bytes_of(42));
  });
  Connection connection(server.endpoint());
  EXPECT_EQ(call_method<int>(connection, MethodCall{7, "g", "int(std::string)"}, "bar"), 42);
  EXPECT_EQ(seen.get_future().get(), "ObjectCall 7 g int(std::string) bar 0");
}

TEST(RMI3, CallMethodOfAVoidMethodReadsJustTheTag) {
  StandIn server([](const Frame&) { return value_reply(""); });
  Connection connection(server.endpoint());
  EXPECT_NO_THROW(call_method<void>(connection, MethodCall{1, "reset", "void(int)"}, 5));
}

TEST(RMI3, CallMethodRefusesAReplyWithBytesToSpare) {
  StandIn server([](const Frame&) { return value_reply(bytes_of(42) + "??"); });
  Connection connection(server.endpoint());
  EXPECT_THROW(call_method<int>(connection, MethodCall{1, "f", "int()"}), ProtocolError);
}

TEST(RMI3, CallMethodWaitsNoLongerThanTheCallsTimeout) {
  StandIn server([](const Frame&) { return std::string(); });  // never answers
  Connection connection(server.endpoint());
  const auto started = std::chrono::steady_clock::now();
  MethodCall call{1, "f", "int()"};
  call.timeout = 100ms;
  EXPECT_THROW(call_method<int>(connection, call), Timeout);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
}

TEST(RMI3, CallMethodThrowsTheExceptionTheReplyCarries) {
  StandIn server([](const Frame&) {
    return std::string(1, '\1') + bytes_of(std::string("std::out_of_range")) +
           bytes_of(std::string("no row 7"));
  });
  Connection connection(server.endpoint());
  try {
    call_method<int>(connection, MethodCall{1, "row", "int(int)"}, 7);
    ADD_FAILURE() << "call_method returned a value from an exception reply";
  } catch (const std::out_of_range& e) {
    EXPECT_TRUE(contains(e.what(), "no row 7")) << e.what();
  }
}
