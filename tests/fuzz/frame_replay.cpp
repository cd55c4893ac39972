#include "tests/fuzz/frame_replay.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <deque>
#include <list>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/net/socket.hpp"
#include "stage1_rpc/wire/codec.hpp"
#include "stage1_rpc/wire/trace.hpp"
#include "stage2_rmi/rmi/by_value.hpp"
#include "stage2_rmi/rmi/call_header.hpp"
#include "stage2_rmi/rmi/object_server.hpp"
#include "stage2_rmi/rmi/reply_tag.hpp"
#include "stage3_lookup/lookup/lookup_service.hpp"

namespace rmi::fuzz {

// The fuzzer sends the largest ints it can: a plain a + b would be undefined behaviour in our
// own objects, which UBSan reports as a finding.
inline int wrapping_add(int a, int b) {
  return static_cast<int>(static_cast<unsigned>(a) + static_cast<unsigned>(b));
}

// What the fuzzer calls: arguments of every shape the codec knows, methods that throw, an
// attribute, and mobile code. Nothing sleeps or grows without bound, so every input runs fast.
struct Step {
  virtual ~Step() = default;
  virtual int run(int x) const = 0;
};
struct Twice : Step {
  int run(int x) const override { return wrapping_add(x, x); }
  template <class Archive>
  void serialize(Archive&, unsigned) {}
};
struct AddN : Step {
  int n = 0;
  int run(int x) const override { return wrapping_add(x, n); }
  template <class Archive>
  void serialize(Archive& archive, unsigned) {
    archive& n;
  }
};

struct Shapes {
  std::string label = "shapes";
  std::size_t words(const std::vector<std::vector<std::string>>& lines) {
    std::size_t total = 0;
    for (const auto& line : lines)
      total += line.size();
    return total;
  }
  std::map<std::string, int> tally(const std::list<std::string>& items) {
    std::map<std::string, int> counts;
    for (const auto& item : items)
      ++counts[item];
    return counts;
  }
  std::set<int> distinct(const std::deque<int>& values) { return {values.begin(), values.end()}; }
  std::pair<int, std::string> first(const std::unordered_map<int, std::string>& table) {
    if (table.empty()) return {};
    return {table.begin()->first, table.begin()->second};
  }
  double sum(const std::array<double, 3>& xs, bool negate) {
    const double total = xs[0] + xs[1] + xs[2];
    return negate ? -total : total;
  }
  int apply(const ByValue<Step>& step, int x) { return step->run(x); }
  void fail(const std::string& why) { throw std::invalid_argument(why); }
  int throw_int() { throw 7; }
};

}  // namespace rmi::fuzz

template <>
struct rmi::Exposed<rmi::fuzz::Shapes> {
  static void members(Members<fuzz::Shapes>& expose) {
    expose.method("words", &fuzz::Shapes::words)
        .method("tally", &fuzz::Shapes::tally)
        .method("distinct", &fuzz::Shapes::distinct)
        .method("first", &fuzz::Shapes::first)
        .method("sum", &fuzz::Shapes::sum)
        .method("apply", &fuzz::Shapes::apply)
        .method("fail", &fuzz::Shapes::fail)
        .method("throw_int", &fuzz::Shapes::throw_int)
        .attribute("label", &fuzz::Shapes::label);
  }
};

namespace rmi::fuzz {
namespace {

// The lookup service is object 1, as on a lookup server (stage 3): the object every stranger on
// the network may call, and register with.
constexpr ObjectId kShapes = 2;

// What the lookup service holds when an input begins: one name, registered by its owner.
const RemoteRef& registered() {
  static const RemoteRef ref{.endpoint = {"10.0.0.5", 50000},
                             .object = 3,
                             .server_run = 77,
                             .class_name = "demo::Calculator",
                             .classes = {"demo::Calculator", "demo::Adder"}};
  return ref;
}
constexpr const char* kOwner = "owner-key";

// The harness's objects, in one server for the whole run, never started: only its handler is
// used. The lookup service is made again whenever an input has changed what it holds, so that
// every input finds it as new, holding one name, and what an input does depends only on its
// bytes. (Making one costs more than most inputs, so it is not made for each.) Its lease
// outlasts any run: only an input changes it.
class Harness {
 public:
  Harness() : objects_(quiet()) {
    register_class<Step, Twice>("Twice");
    register_class<Step, AddN>("AddN");
    objects_.bind("add", [](int a, int b) { return wrapping_add(a, b); });
    objects_.bind("echo", [](const std::string& text) { return text; });
    objects_.add(std::make_shared<Shapes>(), {.id = kShapes});
    replace_lookup_service();
  }

  ObjectServer& objects() { return objects_; }

  // After an input that reached the server: the lookup service as new again, if it is not.
  void restore_lookup_service() {
    if (lookup_->list("") != as_new()) replace_lookup_service();
  }

 private:
  static ServerOptions quiet() {
    ServerOptions options;
    options.log = [](std::string_view) {};  // a refused input is the normal case here
    return options;
  }
  static std::map<std::string, RemoteRef> as_new() { return {{"demo.calc", registered()}}; }

  void replace_lookup_service() {
    objects_.remove(kLookupObject);
    LookupOptions options;
    options.lease = std::chrono::hours(24);
    options.log = [](std::string_view) {};
    lookup_ = std::make_shared<LookupService>(std::move(options));
    lookup_->bind("demo.calc", registered(), kOwner, false);
    export_lookup_service(objects_, lookup_);
  }

  ObjectServer objects_;
  std::shared_ptr<LookupService> lookup_;
};

Harness& harness() {
  static Harness instance;
  return instance;
}

// The bytes, as the receiving end of a connection that has sent them all and closed.
Socket connection_that_sent(std::span<const std::uint8_t> bytes) {
  std::array<int, 2> ends{};
  if (::socketpair(AF_UNIX, SOCK_STREAM, 0, ends.data()) != 0) {
    throw std::runtime_error("socketpair failed");
  }
  Socket reader(ends[0], {"fuzzer", 0});
  Socket writer(ends[1], {"fuzzer", 0});
  const int buffer = 2 * kMaxReplayBytes;
  ::setsockopt(writer.fd(), SOL_SOCKET, SO_SNDBUF, &buffer, sizeof buffer);
  ::fcntl(writer.fd(), F_SETFL, O_NONBLOCK);  // what does not fit is cut, never waited for
  std::size_t sent = 0;
  const std::size_t wanted = std::min(bytes.size(), kMaxReplayBytes);
  while (sent < wanted) {
    const ssize_t n = ::send(writer.fd(), bytes.data() + sent, wanted - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  return reader;  // the writer closes here: the reader sees the end after the bytes
}

}  // namespace

ReplayResult replay(std::span<const std::uint8_t> bytes) {
  Harness& fuzzed = harness();
  ObjectServer& objects = fuzzed.objects();
  Socket connection = connection_that_sent(bytes);
  const FrameLimits limits;
  const Tracer tracer("replay", false);
  ReplayResult result;
  // As Server::serve_connection: frames until the end, the first rmi::Error closes it.
  try {
    // Every byte is there already: the deadline is only a backstop.
    while (const auto frame =
               read_frame(connection, limits, Deadline::after(std::chrono::seconds(1)))) {
      ++result.frames;
      OutFrame reply(MessageKind::Reply, limits);
      Request request(*frame, reply, connection, tracer);
      objects.handle(request);
      const auto payload = reply.payload();
      if (!payload.empty() && payload[0] == static_cast<char>(ReplyTag::Value)) {
        ++result.values;
      } else {
        ++result.exceptions;
      }
    }
  } catch (const Error& e) {
    result.closed_by = e.what();
  }
  if (result.frames > 0) fuzzed.restore_lookup_service();
  return result;
}

namespace {

// What each seed's caller allows: plenty, so that no mutation of the rest times out.
constexpr std::chrono::milliseconds kAllowed{30'000};

template <class... Args>
std::vector<char> frame_of(MessageKind kind, ObjectId object, const std::string& method,
                           const std::string& signature, const Args&... args) {
  OutFrame frame(kind);
  {
    OutArchive out(frame);
    if (kind == MessageKind::Call) {
      out << method << signature;
    } else {
      write_call_header(
          out, {.object = object, .method = method, .signature = signature, .timeout = kAllowed});
    }
    ((out << args), ...);
  }
  const auto bytes = frame.seal();
  return {bytes.begin(), bytes.end()};
}

}  // namespace

std::vector<std::pair<std::string, std::vector<char>>> seed_frames() {
  harness();  // registers the classes that travel by value
  auto step = std::make_shared<AddN>();
  step->n = 5;
  return {
      {"call-add", frame_of(MessageKind::Call, 0, "add", "int(int, int)", 2, 3)},
      {"object-call-echo",
       frame_of(kObjectCall, 0, "echo", "std::string(std::string)", std::string("hello"))},
      {"one-way-add", frame_of(kOneWayCall, 0, "add", "int(int, int)", 1, 1)},
      {"words", frame_of(kObjectCall, kShapes, "words",
                         "unsigned long(std::vector<std::vector<std::string>>)",
                         std::vector<std::vector<std::string>>{{"a", "b"}, {"c"}})},
      {"tally",
       frame_of(kObjectCall, kShapes, "tally", "std::map<std::string, int>(std::list<std::string>)",
                std::list<std::string>{"x", "y", "x"})},
      {"distinct", frame_of(kObjectCall, kShapes, "distinct", "std::set<int>(std::deque<int>)",
                            std::deque<int>{3, 1, 3})},
      {"first", frame_of(kObjectCall, kShapes, "first",
                         "std::pair<int, std::string>(std::unordered_map<int, std::string>)",
                         std::unordered_map<int, std::string>{{1, "one"}})},
      {"sum", frame_of(kObjectCall, kShapes, "sum", "double(std::array<double, 3>, bool)",
                       std::array<double, 3>{1.5, 2.5, 3.0}, true)},
      {"apply", frame_of(kObjectCall, kShapes, "apply", "int(rmi::ByValue<rmi::fuzz::Step>, int)",
                         ByValue<Step>(step), 10)},
      {"get-label", frame_of(kObjectCall, kShapes, "get:label", "std::string()")},
      {"set-label",
       frame_of(kObjectCall, kShapes, "set:label", "void(std::string)", std::string("renamed"))},
      {"throws-std",
       frame_of(kObjectCall, kShapes, "fail", "void(std::string)", std::string("on purpose"))},
      {"throws-int", frame_of(kObjectCall, kShapes, "throw_int", "int()")},
      {"lookup-bind",
       frame_of(kObjectCall, kLookupObject, "bind",
                "long(std::string, rmi::RemoteRef, std::string, bool)", std::string("demo.other"),
                registered(), std::string("other-key"), false)},
      {"lookup-lookup", frame_of(kObjectCall, kLookupObject, "lookup",
                                 "rmi::RemoteRef(std::string)", std::string("demo.calc"))},
      {"lookup-find-class", frame_of(kObjectCall, kLookupObject, "find_class",
                                     "std::vector<rmi::RemoteRef>(std::string, bool)",
                                     std::string("demo::Adder"), true)},
      {"lookup-list",
       frame_of(kObjectCall, kLookupObject, "list",
                "std::map<std::string, rmi::RemoteRef>(std::string)", std::string("demo"))},
      {"lookup-renew",
       frame_of(kObjectCall, kLookupObject, "renew",
                "std::vector<std::string>(std::string, std::map<std::string, rmi::RemoteRef>)",
                std::string(kOwner),
                std::map<std::string, RemoteRef>{{"demo.calc", registered()}})},
      {"lookup-unbind",
       frame_of(kObjectCall, kLookupObject, "unbind", "void(std::string, std::string)",
                std::string("demo.calc"), std::string(kOwner))},
      {"lookup-ping", frame_of(kObjectCall, kLookupObject, "ping", "std::string()")},
  };
}

}  // namespace rmi::fuzz
