// Exercise RMI.3: the object table dispatches a call to the object and method it names, the
// server serves each request it receives, and the proxy's call_method sends an ObjectCall and
// reads its tagged reply. Dispatch is tested on tables built here by hand, serving on frames
// handed to a server, call_method against a stand-in server in this process.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <latch>
#include <mutex>
#include <string>
#include <thread>

#include "stage1_rpc/net/listener.hpp"
#include "stage1_rpc/wire/codec.hpp"
#include "stage2_rmi/exercises/rmi3_call_method.hpp"
#include "stage2_rmi/rmi/errors.hpp"
#include "stage2_rmi/rmi/object_server.hpp"
#include "stage2_rmi/rmi/object_table.hpp"
#include "tests/support/contains.hpp"
#include "tests/support/instead_of.hpp"
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

// The header of a call on `object`, whose caller waits `allowed` for the reply.
CallHeader header(ObjectId object, const std::string& method, const std::string& signature,
                  std::chrono::milliseconds allowed = 2s) {
  CallHeader call;
  call.object = object;
  call.method = method;
  call.signature = signature;
  call.time_allowed = allowed;
  call.deadline = std::chrono::steady_clock::now() + allowed;
  return call;
}

// Runs `call` through dispatch with these argument bytes; returns the reply's bytes.
std::string dispatched(const ObjectTable& table, const CallHeader& call,
                       const std::string& arguments) {
  InArchive in(arguments);
  OutFrame reply(kTaggedReply);
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
      dispatched(table, header(7, "wait", "void()"), "");
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
  EXPECT_EQ(dispatched(table, header(2, "name", "std::string()"), ""),
            bytes_of(std::string("two")));
  EXPECT_EQ(dispatched(table, header(1, "twice", "int(int)"), bytes_of(21)), bytes_of(42));
}

TEST(RMI3, UnknownObjectIsNoSuchObjectListingTheIds) {
  ObjectTable table;
  table.add(1, object_named("one"));
  table.add(2, object_named("two"));
  try {
    dispatched(table, header(9, "name", "std::string()"), "");
    FAIL() << "dispatch to a missing object must throw NoSuchObject";
  } catch (const NoSuchObject& e) {
    EXPECT_STREQ(e.what(), "no object 9 here; objects: 1, 2") << "the wording of the contract";
  } catch (const std::exception& e) {
    ADD_FAILURE() << rmi::test::instead_of<NoSuchObject>(e);
  }
}

TEST(RMI3, UnknownMethodIsNoSuchMethodNamingObjectAndMethods) {
  ObjectTable table;
  table.add(4, object_named("four"));
  try {
    dispatched(table, header(4, "size", "int()"), "");
    FAIL() << "dispatch of a missing method must throw NoSuchMethod";
  } catch (const NoSuchMethod& e) {
    EXPECT_STREQ(e.what(), "object 4 (Thing) has no method 'size'; methods: name, twice")
        << "the wording of the contract";
  } catch (const std::exception& e) {
    ADD_FAILURE() << rmi::test::instead_of<NoSuchMethod>(e);
  }
}

TEST(RMI3, WrongSignatureIsBadArguments) {
  ObjectTable table;
  table.add(1, object_named("one"));
  EXPECT_THROW(dispatched(table, header(1, "twice", "int(double)"), bytes_of(2.0)), BadArguments);
}

TEST(RMI3, CallsOnOneObjectTakeTurns) {
  EXPECT_EQ(most_at_once(false), 1) << "two calls ran inside one object at the same time";
}

TEST(RMI3, TheTableIsFreeWhileAMethodRuns) {
  // The method, once running, waits for another thread to add an object: if dispatch held the
  // table's lock during the call, the add would wait for the call, and the call for the add.
  ObjectTable table;
  std::latch running{1};
  std::promise<void> added;
  auto object = std::make_shared<ExportedObject>();
  object->methods.bind("wait", "bool()", [&running, &added](InArchive&, OutArchive& out) {
    running.count_down();
    out << (added.get_future().wait_for(2s) == std::future_status::ready);
  });
  table.add(1, object);
  std::jthread adder([&] {
    running.wait();
    table.add(2, object_named("two"));
    added.set_value();
  });
  EXPECT_EQ(dispatched(table, header(1, "wait", "bool()"), ""), bytes_of(true))
      << "adding an object had to wait for a call in progress";
}

// A call stuck for ever in an object must not hold the calls queued behind it for ever: each
// waits for its turn only as long as its own caller waits for the reply.
TEST(RMI3, ACallWaitsForItsTurnNoLongerThanItsCallerAllows) {
  ObjectTable table;
  std::latch running{1};
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  auto object = std::make_shared<ExportedObject>();
  object->interface_name = "Thing";
  object->methods.bind("hold", "void()", [&running, released](InArchive&, OutArchive&) {
    running.count_down();
    released.wait_for(2s);
  });
  table.add(3, object);
  std::jthread holder([&table] { dispatched(table, header(3, "hold", "void()"), ""); });
  running.wait();
  const auto started = std::chrono::steady_clock::now();
  try {
    dispatched(table, header(3, "hold", "void()", 100ms), "");
    ADD_FAILURE() << "the second call ran while the first still held the object";
  } catch (const Timeout& e) {
    EXPECT_STREQ(e.what(),
                 "object 3 (Thing) was busy with other calls for all of the 100 ms its caller "
                 "allowed")
        << "the wording of the contract";
  } catch (const std::exception& e) {
    ADD_FAILURE() << rmi::test::instead_of<Timeout>(e);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s) << "it waited longer than allowed";
  release.set_value();
}

// A call that waited in line may find its caller gone (it gave up, or died): nobody would read
// its answer, so it is not started. A call that did not have to wait is not asked.
TEST(RMI3, ACallThatWaitedForACallerWhoHasGoneIsNotStarted) {
  ObjectTable table;
  std::latch running{1};
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> runs{0};
  auto object = std::make_shared<ExportedObject>();
  object->methods.bind("hold", "void()", [&running, released, &runs](InArchive&, OutArchive&) {
    ++runs;
    running.count_down();
    released.wait_for(2s);
  });
  table.add(5, object);
  CallHeader gone = header(5, "hold", "void()");
  gone.caller_gone = [] { return true; };
  std::jthread holder([&table] { dispatched(table, header(5, "hold", "void()"), ""); });
  running.wait();
  std::jthread opener([&release, &object] {
    while (object->turns.in_line() == 0)
      std::this_thread::yield();  // the next call is in line
    release.set_value();
  });
  EXPECT_THROW(dispatched(table, gone, ""), ConnectionError);
  EXPECT_EQ(runs, 1) << "the method ran for a caller that had gone";
  dispatched(table, gone, "");  // nobody in line now: not asked, and run
  EXPECT_EQ(runs, 2);
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
            while (auto frame = test::receive_frame(*client)) {
              const std::string reply = answer(*frame);
              if (reply.empty()) continue;  // no answer at all
              test::send_raw(*client, test::frame_bytes(kTaggedReply, reply));
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

// A call as a proxy makes it: its caller waits 2 s, any run of the server will do.
MethodCall method_call(ObjectId object, std::string_view method, std::string_view signature) {
  return MethodCall{.object = object, .method = method, .signature = signature, .timeout = 2s};
}

std::string value_reply(const std::string& value_bytes) {
  return std::string(1, '\0') + value_bytes;
}

}  // namespace

TEST(RMI3, CallMethodSendsAnObjectCallAndReturnsTheValue) {
  std::promise<std::string> seen;
  StandIn server([&seen](const Frame& frame) {
    InArchive in(frame.payload);
    ObjectId object = 0;
    ServerRun run = 0;
    std::uint32_t allowed = 0;
    std::string method, signature, argument;
    in >> object >> run >> allowed >> method >> signature >> argument;
    seen.set_value(to_string(frame.kind) + " " + std::to_string(object) + " run " +
                   std::to_string(run) + " " + std::to_string(allowed) + " ms " + method + " " +
                   signature + " " + argument + " " + std::to_string(in.remaining()));
    return value_reply(bytes_of(42));
  });
  Connection connection(server.endpoint());
  MethodCall call = method_call(7, "g", "int(std::string)");
  call.server_run = 99;
  EXPECT_EQ(call_method<int>(connection, call, "bar"), 42);
  EXPECT_EQ(seen.get_future().get(), "ObjectCall 7 run 99 2000 ms g int(std::string) bar 0");
}

TEST(RMI3, CallMethodOfAVoidMethodReadsJustTheTag) {
  StandIn server([](const Frame&) { return value_reply(""); });
  Connection connection(server.endpoint());
  EXPECT_NO_THROW(call_method<void>(connection, method_call(1, "reset", "void(int)"), 5));
}

TEST(RMI3, CallMethodRefusesAReplyWithBytesToSpare) {
  StandIn server([](const Frame&) { return value_reply(bytes_of(42) + "??"); });
  Connection connection(server.endpoint());
  EXPECT_THROW(call_method<int>(connection, method_call(1, "f", "int()")), ProtocolError);
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
    call_method<int>(connection, method_call(1, "row", "int(int)"), 7);
    ADD_FAILURE() << "call_method returned a value from an exception reply";
  } catch (const std::out_of_range& e) {
    EXPECT_TRUE(contains(e.what(), "no row 7")) << e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << rmi::test::instead_of<std::out_of_range>(e);
  }
}

// The server's side of a request (ObjectServer::serve), on frames handed to a server that is
// not even started: no network but a socket pair standing for the connection.
namespace rmi3serve {

class Sample {
 public:
  explicit Sample(std::shared_future<void> released) : released_(std::move(released)) {}
  int twice(int x) { return 2 * x; }
  void fail() { throw std::runtime_error("on purpose"); }
  int hold() {
    ++runs_;
    entered_.count_down();
    released_.wait_for(2s);
    return runs_;
  }
  int runs() const { return runs_; }
  void entered() { entered_.wait(); }

 private:
  std::shared_future<void> released_;
  std::atomic<int> runs_{0};
  std::latch entered_{1};
};

}  // namespace rmi3serve

template <>
struct rmi::Exposed<rmi3serve::Sample> {
  static void members(Members<rmi3serve::Sample>& expose) {
    expose.method("twice", &rmi3serve::Sample::twice)
        .method("fail", &rmi3serve::Sample::fail)
        .method("hold", &rmi3serve::Sample::hold);
  }
};

namespace {

struct Served {
  MessageKind kind{};
  std::string payload;
  bool sent = false;
  std::string outcome, what;
};

// What the server makes of `frame` arriving on `connection`.
Served serve_frame(ObjectServer& server, const Frame& frame, const Socket& connection) {
  OutFrame reply(MessageKind::Reply);
  const Tracer tracer("test", false);
  Request request(frame, reply, connection, tracer);
  server.handle(request);
  return {reply.kind(), std::string(reply.payload().begin(), reply.payload().end()),
          request.send_reply, request.outcome, request.what()};
}

template <class... Args>
Frame call_frame(MessageKind kind, ObjectId object, std::string_view method,
                 std::string_view signature, ServerRun run, const Args&... args) {
  OutFrame frame(kind);
  {
    OutArchive out(frame);
    if (kind == MessageKind::Call) {
      out << std::string(method) << std::string(signature);
    } else {
      write_call_header(out, {.object = object,
                              .method = method,
                              .signature = signature,
                              .timeout = 2s,
                              .server_run = run});
    }
    ((out << args), ...);
  }
  return Frame{kind, std::vector<char>(frame.payload().begin(), frame.payload().end())};
}

// A server with a Sample as object 1 and add(int, int) as a function, and its log.
struct ServedObjects {
  ServedObjects() {
    ServerOptions options;
    options.log = log.logger();
    server = std::make_unique<ObjectServer>(options);
    sample = std::make_shared<rmi3serve::Sample>(released.get_future().share());
    server->add(sample, {.id = 1});
    server->bind("add", [](int a, int b) { return a + b; });
  }
  ~ServedObjects() { release(); }
  void release() {
    if (!released_once.exchange(true)) released.set_value();
  }

  test::LogCollector log;
  std::promise<void> released;
  std::atomic<bool> released_once{false};
  std::shared_ptr<rmi3serve::Sample> sample;
  std::unique_ptr<ObjectServer> server;
  std::pair<Socket, Socket> connection = test::socket_pair();
};

}  // namespace

TEST(RMI3, ServingACallAnswersATaggedValueNamedAfterTheCall) {
  ServedObjects served;
  const Served done =
      serve_frame(*served.server, call_frame(kObjectCall, 1, "twice", "int(int)", kAnyRun, 21),
                  served.connection.first);
  EXPECT_EQ(done.kind, kTaggedReply);
  EXPECT_EQ(done.payload, std::string(1, '\0') + bytes_of(42));
  EXPECT_TRUE(done.sent);
  EXPECT_EQ(done.outcome, "value");
  EXPECT_EQ(done.what, "twice int(int) on object 1");
}

TEST(RMI3, ServingACallThatThrowsAnswersTheExceptionAndGoesOn) {
  ServedObjects served;
  Served done;
  EXPECT_NO_THROW(done = serve_frame(*served.server,
                                     call_frame(kObjectCall, 1, "fail", "void()", kAnyRun),
                                     served.connection.first))
      << "a failed call is an answer, not the end of the connection";
  EXPECT_EQ(done.kind, kTaggedReply);
  EXPECT_EQ(done.payload[0], '\1');
  EXPECT_EQ(done.outcome, "exception std::runtime_error");
  EXPECT_EQ(serve_frame(*served.server, call_frame(kObjectCall, 9, "f", "int()", kAnyRun),
                        served.connection.first)
                .outcome,
            "exception rmi::NoSuchObject")
      << "so is a call on an object that is not there";
}

TEST(RMI3, AFrameThatIsNoCallEndsTheConnection) {
  ServedObjects served;
  EXPECT_THROW(serve_frame(*served.server, Frame{MessageKind::Reply, {}}, served.connection.first),
               ProtocolError);
  Frame cut = call_frame(kObjectCall, 1, "twice", "int(int)", kAnyRun, 21);
  cut.payload.resize(10);  // the header itself cut short
  EXPECT_THROW(serve_frame(*served.server, cut, served.connection.first), ProtocolError);
}

TEST(RMI3, AStageOneCallIsACallOnObjectZero) {
  ServedObjects served;
  const Served done = serve_frame(
      *served.server, call_frame(MessageKind::Call, 0, "add", "int(int, int)", kAnyRun, 2, 3),
      served.connection.first);
  EXPECT_EQ(done.payload, std::string(1, '\0') + bytes_of(5));
}

TEST(RMI3, AOneWayCallIsNotAnsweredAndOnlyItsFailureIsLogged) {
  ServedObjects served;
  const Served fine =
      serve_frame(*served.server, call_frame(kOneWayCall, 1, "twice", "int(int)", kAnyRun, 1),
                  served.connection.first);
  EXPECT_FALSE(fine.sent);
  const Served failed =
      serve_frame(*served.server, call_frame(kOneWayCall, 1, "fail", "void()", kAnyRun),
                  served.connection.first);
  EXPECT_FALSE(failed.sent);
  EXPECT_EQ(failed.outcome, "exception std::runtime_error");
  EXPECT_EQ(served.log.wait_for("one-way"),
            "one-way call 'fail void() on object 1' from pair:0 failed: std::runtime_error: "
            "on purpose")
      << "the wording of the contract";
  EXPECT_EQ(served.log.lines().size(), 1u) << "a one-way call that worked is not logged";
}

TEST(RMI3, ACallThroughAReferenceFromAnEarlierRunIsRefusedInTheReply) {
  ServedObjects served;
  const Served done = serve_frame(
      *served.server, call_frame(kObjectCall, 1, "twice", "int(int)", served.server->run() + 1, 21),
      served.connection.first);
  EXPECT_EQ(done.outcome, "exception rmi::NoSuchObject");
  EXPECT_TRUE(contains(done.payload, "restarted")) << done.payload;
  EXPECT_EQ(serve_frame(*served.server,
                        call_frame(kObjectCall, 1, "twice", "int(int)", served.server->run(), 21),
                        served.connection.first)
                .outcome,
            "value");
}

// A caller that waits for its reply can hang up while its call waits for the object's turn; a
// one-way caller hangs up as soon as it has sent, and its call still runs.
TEST(RMI3, OnlyACallerWhoWaitsForAReplyCanBeGone) {
  ServedObjects served;
  std::jthread holder([&served] {
    serve_frame(*served.server, call_frame(kObjectCall, 1, "hold", "int()", kAnyRun),
                served.connection.first);
  });
  served.sample->entered();
  auto [hung_up, its_peer] = test::socket_pair();
  its_peer.close();  // the caller has gone
  std::jthread opener([&served] {
    while (served.server->objects().find(1)->turns.in_line() == 0)
      std::this_thread::yield();
    served.release();
  });
  const Served gone =
      serve_frame(*served.server, call_frame(kObjectCall, 1, "hold", "int()", kAnyRun), hung_up);
  EXPECT_EQ(gone.outcome, "exception rmi::ConnectionError");
  EXPECT_EQ(served.sample->runs(), 1) << "the call of a caller who had gone was run";
  const Served one_way =
      serve_frame(*served.server, call_frame(kOneWayCall, 1, "hold", "int()", kAnyRun), hung_up);
  EXPECT_EQ(one_way.outcome, "value");
  EXPECT_EQ(served.sample->runs(), 2) << "a one-way call from a caller who has gone still runs";
}
