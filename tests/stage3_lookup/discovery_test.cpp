// Finding the lookup service: the address given, RMI_LOOKUP, this machine, and (only when asked)
// the UDP question and answer of discovery.hpp — here on loopback; across hosts with real
// broadcasts in three_hosts_test.cpp.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

#include <cstdlib>
#include <string>

#include "stage1_rpc/net/listener.hpp"
#include "stage3_lookup/lookup/discovery.hpp"
#include "stage3_lookup/lookup/locate.hpp"
#include "stage3_lookup/lookup/lookup_errors.hpp"
#include "tests/stage3_lookup/lookup_fixture.hpp"
#include "tests/support/contains.hpp"

using namespace rmi;
using namespace std::chrono_literals;
using rmi::test::contains;
using rmi::test::LookupServiceTest;

namespace {

// A port nobody listens on: connecting there is refused at once.
std::uint16_t closed_port() {
  Listener listener({"127.0.0.1", 0});
  return listener.endpoint().port;
}

// Sets an environment variable for the scope's life.
class Environment {
 public:
  Environment(const char* name, const std::string& value) : name_(name) {
    ::setenv(name, value.c_str(), 1);
  }
  ~Environment() { ::unsetenv(name_); }

 private:
  const char* name_;
};

}  // namespace

TEST(Discovery, TheServiceAnswersTheQuestionWithWhereItIs) {
  DiscoveryResponder responder({"127.0.0.1", 0}, {"10.0.0.5", 50100}, [](std::string_view) {});
  const auto found =
      discover_lookup_service("127.0.0.1", responder.address().port, test::patience());
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(*found, (Endpoint{"10.0.0.5", 50100}));
}

TEST(Discovery, AServiceOnEveryInterfaceIsWhereItsAnswerCameFrom) {
  DiscoveryResponder responder({"127.0.0.1", 0}, {"0.0.0.0", 50100}, [](std::string_view) {});
  const auto found =
      discover_lookup_service("127.0.0.1", responder.address().port, test::patience());
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(*found, (Endpoint{"127.0.0.1", 50100}));
}

TEST(Discovery, AnythingButTheQuestionGetsNoAnswer) {
  DiscoveryResponder responder({"127.0.0.1", 0}, {"10.0.0.5", 50100}, [](std::string_view) {});
  Socket asker(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), {"127.0.0.1", 0});
  const sockaddr_in to = resolve(responder.address(), test::patience());
  for (const std::string& junk : {std::string("RMIT lookup"), std::string("RMIT lookup??"),
                                  std::string(kDiscoveryQuestion) + std::string(1000, 'x')}) {
    [[maybe_unused]] const auto sent = ::sendto(asker.fd(), junk.data(), junk.size(), 0,
                                                reinterpret_cast<const sockaddr*>(&to), sizeof to);
  }
  pollfd waiting{asker.fd(), POLLIN, 0};
  EXPECT_EQ(::poll(&waiting, 1, 200), 0) << "an answer to something that was not the question";
}

TEST(Discovery, NobodyAnsweringEndsAtTheDeadline) {
  const auto started = std::chrono::steady_clock::now();
  EXPECT_FALSE(discover_lookup_service("127.0.0.1", closed_port(), Deadline::after(150ms)));
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);
}

TEST_F(LookupServiceTest, LocatingTakesTheAddressGivenFirst) {
  EXPECT_EQ(locate_lookup_service({.address = service()}), service());
}

TEST_F(LookupServiceTest, LocatingTakesRmiLookupFromTheEnvironment) {
  const Environment named("RMI_LOOKUP", service().to_string());
  EXPECT_EQ(locate_lookup_service(), service());
}

TEST_F(LookupServiceTest, LocatingTriesThisMachinesWellKnownPort) {
  EXPECT_EQ(locate_lookup_service({.port = service().port}), service());
}

TEST(Locating, FindingNothingSaysWhatWasTriedAndWhatToDo) {
  const std::uint16_t nobody = closed_port();
  try {
    locate_lookup_service({.port = nobody, .timeout = 500ms});
    FAIL() << "a lookup service was found where none runs";
  } catch (const LookupServiceNotFound& e) {
    const std::string message = e.what();
    EXPECT_TRUE(contains(message, "127.0.0.1:" + std::to_string(nobody))) << message;
    EXPECT_TRUE(contains(message, "start one with lookup_server")) << message;
    EXPECT_TRUE(contains(message, "RMI_LOOKUP")) << message;
    EXPECT_TRUE(contains(message, "--broadcast")) << message;
    EXPECT_FALSE(contains(message, "a broadcast to")) << "no broadcast unless asked: " << message;
  }
}
