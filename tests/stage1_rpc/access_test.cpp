// Who may call (lectures/1-rpc.md#access): the allow-list of hosts, the connection validator with
// its handshake token, and the connection limit. A refused client gets the server's reason as
// rmi::AccessDenied; the server logs it and goes on serving everyone else.
#include <gtest/gtest.h>

#include <mutex>
#include <string>
#include <vector>

#include "stage1_rpc/rpc/remote_function.hpp"
#include "tests/stage1_rpc/function_server_fixture.hpp"
#include "tests/support/contains.hpp"

using namespace rmi;
using rmi::test::contains;
using rmi::test::FunctionServerTest;

namespace {

class Access : public FunctionServerTest {
 protected:
  void serve(AccessPolicy access) {
    ServerOptions options;
    options.access = std::move(access);
    restart(ConnectionPolicy::Persistent, options);
  }

  // A client with this token, from this host (127.0.0.2 and up are loopback addresses too: a
  // second "host" on this machine).
  std::shared_ptr<Connection> connect_with_token(std::string token,
                                                 std::string from = "127.0.0.1") {
    ClientOptions options;
    options.token = std::move(token);
    options.local_host = std::move(from);
    return connect(options);
  }

  // The AccessDenied message of a call that must be refused.
  std::string refusal_of(Connection& connection) {
    try {
      call<int>(connection, "add", 1, 2);
    } catch (const AccessDenied& e) {
      return e.what();
    }
    ADD_FAILURE() << "the call was not refused";
    return "";
  }
};

}  // namespace

TEST_F(Access, HostNotOnTheAllowListIsRefusedWithTheReason) {
  serve({.allowed_hosts = {"192.0.2.7"}});  // a documentation address: not us
  const std::string refusal = refusal_of(*connect());
  EXPECT_TRUE(contains(refusal, "not on the server's list of allowed hosts")) << refusal;
  EXPECT_TRUE(contains(refusal, "call 'add int(int, int)' to ")) << "says which call: " << refusal;
  EXPECT_TRUE(contains(log_.wait_for("refused a connection from 127.0.0.1"), "allowed hosts"));
}

TEST_F(Access, HostOnTheAllowListIsServed) {
  serve({.allowed_hosts = {"192.0.2.7", "127.0.0.1"}});
  EXPECT_EQ(call<int>(*connect(), "add", 2, 3), 5);
}

TEST_F(Access, ValidatorSeesThePeersAddressAndToken) {
  std::mutex mutex;
  std::vector<std::string> seen;
  serve({.validator = [&](const Endpoint& peer, std::string_view token) {
    std::scoped_lock lock(mutex);
    seen.push_back(peer.host + " " + std::string(token));
    return std::optional<std::string>();
  }});
  const auto connection = connect_with_token("s3cret");
  EXPECT_EQ(call<int>(*connection, "add", 2, 3), 5);
  EXPECT_EQ(call<int>(*connection, "add", 4, 5), 9) << "later calls need no new handshake";
  EXPECT_EQ(call<int>(*connect(), "add", 1, 1), 2) << "no token: the validator decides on \"\"";
  std::scoped_lock lock(mutex);
  EXPECT_EQ(seen, (std::vector<std::string>{"127.0.0.1 s3cret", "127.0.0.1 "}));
}

TEST_F(Access, RightTokenIsLetInWrongTokenRefused) {
  serve({.validator = require_token("open sesame")});
  EXPECT_EQ(call<int>(*connect_with_token("open sesame"), "add", 2, 3), 5);
  const std::string refusal = refusal_of(*connect_with_token("open sesame!"));
  EXPECT_TRUE(contains(refusal, "wrong handshake token")) << refusal;
  EXPECT_FALSE(contains(refusal, "open sesame")) << "the secret is not repeated: " << refusal;
  const std::string logged = log_.wait_for("refused a connection");
  EXPECT_TRUE(contains(logged, "wrong handshake token")) << logged;
  EXPECT_FALSE(contains(logged, "open sesame")) << "nor logged: " << logged;
}

TEST_F(Access, ClientWithoutTokenIsRefusedAtItsFirstCall) {
  serve({.validator = require_token("open sesame")});
  const std::string refusal = refusal_of(*connect());
  EXPECT_TRUE(contains(refusal, "wants a handshake token (ClientOptions::token)")) << refusal;
}

TEST_F(Access, RefusedClientsDoNotDisturbOthers) {
  serve({.validator = require_token("open sesame")});
  const auto good = connect_with_token("open sesame");
  EXPECT_EQ(call<int>(*good, "add", 1, 2), 3);
  for (int i = 0; i < 20; ++i)
    refusal_of(*connect_with_token("guess " + std::to_string(i), "127.0.0.2"));
  EXPECT_EQ(call<int>(*good, "add", 3, 4), 7);
  EXPECT_EQ(call<int>(*connect_with_token("open sesame"), "add", 5, 6), 11)
      << "another host's failures must not slow this host down";
}

// Guessing tokens is slow: after a failed handshake a host must pause (50 ms, doubling up to
// 5 s) before its next connection is even looked at; one that comes sooner is refused at once.
TEST_F(Access, FailedHandshakesSlowDownThatHostsGuesses) {
  serve({.validator = require_token("open sesame")});
  const auto started = std::chrono::steady_clock::now();
  int wrong_token = 0, told_to_wait = 0;
  for (int i = 0; i < 50; ++i) {
    const std::string refusal = refusal_of(*connect_with_token("guess", "127.0.0.2"));
    wrong_token += contains(refusal, "wrong handshake token") ? 1 : 0;
    told_to_wait += contains(refusal, "too many failed handshakes from 127.0.0.2") ? 1 : 0;
  }
  EXPECT_EQ(wrong_token + told_to_wait, 50);
  EXPECT_LE(wrong_token, 5) << "50 guesses in "
                            << (std::chrono::steady_clock::now() - started) /
                                   std::chrono::milliseconds(1)
                            << " ms: a guesser was not slowed down";
  EXPECT_TRUE(contains(log_.wait_for("too many failed handshakes"), "127.0.0.2"));
}

// A client without the token could otherwise send a 16 MiB call before it is refused: the
// validator decides from the header, before a byte of the payload is read.
TEST_F(Access, AStrangersLargeFirstCallIsRefusedBeforeItsPayloadIsRead) {
  serve({.validator = require_token("open sesame")});
  Socket raw = test::raw_connect(server_endpoint(), "127.0.0.2");
  const std::string call = test::frame_bytes(MessageKind::Call, std::string(4u << 20, 'x'));
  test::send_raw(raw, call.substr(0, 1000));  // a 4 MiB call begins: its header, a little more
  const std::optional<Frame> answer = test::receive_frame(raw);
  ASSERT_TRUE(answer.has_value()) << "the server waited for the payload before refusing";
  EXPECT_EQ(answer->kind, MessageKind::Refused);
}

TEST_F(Access, AClientRefusedWhileItStillSendsALargeCallIsToldWhy) {
  serve({.validator = require_token("open sesame")});
  ClientOptions options;
  options.local_host = "127.0.0.2";
  try {
    call<std::string>(*connect(options), "add", std::string(8u << 20, 'a'), std::string("b"));
    ADD_FAILURE() << "a call without the token was served";
  } catch (const AccessDenied& e) {
    EXPECT_TRUE(contains(e.what(), "wants a handshake token")) << e.what();
  }
}

TEST_F(Access, AHelloLargerThanAHandshakeIsRefused) {
  serve({.validator = require_token("open sesame")});
  Socket raw = test::raw_connect(server_endpoint());
  test::send_raw(raw, test::frame_bytes(MessageKind::Hello, std::string(64 * 1024, 't')));
  EXPECT_TRUE(test::closed_by_peer(raw));
  EXPECT_TRUE(contains(log_.wait_for("closing the connection"), "a handshake may take at most"));
}

TEST_F(Access, TokenIsHarmlessForAServerThatAsksNone) {
  EXPECT_EQ(call<int>(*connect_with_token("unused"), "add", 2, 3), 5);
}

TEST_F(Access, ValidatorThatThrowsClosesOnlyThatConnection) {
  serve({.validator = [](const Endpoint&, std::string_view token) -> std::optional<std::string> {
    if (token == "boom") throw std::runtime_error("validator failed");
    return std::nullopt;
  }});
  EXPECT_THROW(call<int>(*connect_with_token("boom"), "add", 1, 2), ConnectionError);
  EXPECT_TRUE(contains(log_.wait_for("closing the connection"), "validator failed"));
  EXPECT_EQ(call<int>(*connect_with_token("fine"), "add", 1, 2), 3);
}
