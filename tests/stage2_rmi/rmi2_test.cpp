// Exercise RMI.2: the server tags each reply (value or exception) and the client opens it,
// rethrowing what the server threw. The server side is tested on the reply's bytes, the client
// side on replies written here by hand; the last tests take exceptions through both halves.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "stage1_rpc/core/demangle.hpp"
#include "stage1_rpc/wire/codec.hpp"
#include "stage1_rpc/wire/frame.hpp"
#include "stage2_rmi/rmi/errors.hpp"
#include "stage2_rmi/rmi/remote_errors.hpp"
#include "stage2_rmi/rmi/reply_tag.hpp"
#include "tests/support/contains.hpp"
#include "tests/support/instead_of.hpp"

using namespace rmi;
using rmi::test::contains;

namespace rmi2test {
struct BadThing : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// An error a later stage would add, registered to travel as itself.
struct LaterStageError : Error {
  using Error::Error;
};
}  // namespace rmi2test

namespace {

std::string tagged(const std::function<void(OutArchive&)>& invoke) {
  OutFrame reply(kTaggedReply);
  tag_reply(invoke, reply);
  return std::string(reply.payload().begin(), reply.payload().end());
}

struct Decoded {
  int tag = -1;
  std::string type, message;
};

Decoded decode_exception(const std::string& payload) {
  InArchive in(payload);
  std::uint8_t tag = 0;
  Decoded decoded;
  in >> tag;
  decoded.tag = tag;
  if (tag == 1) in >> decoded.type >> decoded.message;
  EXPECT_EQ(in.remaining(), 0u) << "bytes after the exception's message";
  return decoded;
}

const MethodCall kCall{.object = 3, .method = "f", .signature = "int()"};
const Endpoint kServer{"127.0.0.1", 50000};

// Takes what `invoke` throws through tag_reply and back through open_reply.
void round_trip(const std::function<void(OutArchive&)>& invoke) {
  const std::string payload = tagged(invoke);
  InArchive in(payload);
  open_reply(in, kCall, kServer);
}

}  // namespace

TEST(RMI2, ValueReplyIsTheValueTagThenTheValue) {
  const std::string payload = tagged([](OutArchive& out) { out << 42; });
  ASSERT_EQ(payload.size(), 5u) << "one tag byte, then the int";
  EXPECT_EQ(payload[0], 0) << "ReplyTag::Value";
  InArchive in(payload);
  std::uint8_t tag = 9;
  int value = 0;
  in >> tag >> value;
  EXPECT_EQ(value, 42);
}

TEST(RMI2, VoidReplyIsTheTagAlone) {
  EXPECT_EQ(tagged([](OutArchive&) {}), std::string(1, '\0'));
}

TEST(RMI2, ExceptionReplyCarriesItsTypeAndMessage) {
  const Decoded reply =
      decode_exception(tagged([](OutArchive&) { throw std::out_of_range("vector::at"); }));
  EXPECT_EQ(reply.tag, 1) << "ReplyTag::Exception";
  EXPECT_EQ(reply.type, "std::out_of_range");
  EXPECT_EQ(reply.message, "vector::at");
}

TEST(RMI2, AValueWrittenBeforeTheThrowIsDiscarded) {
  const Decoded reply = decode_exception(tagged([](OutArchive& out) {
    out << 42;
    throw std::runtime_error("changed its mind");
  }));
  EXPECT_EQ(reply.tag, 1);
  EXPECT_EQ(reply.message, "changed its mind");
}

TEST(RMI2, AUserExceptionKeepsItsOwnTypeName) {
  const Decoded reply =
      decode_exception(tagged([](OutArchive&) { throw rmi2test::BadThing("bad"); }));
  EXPECT_EQ(reply.type, "rmi2test::BadThing");
}

TEST(RMI2, ThrowingSomethingElseIsTaggedToo) {
  std::string payload;
  EXPECT_NO_THROW(payload = tagged([](OutArchive&) { throw 42; })) << "nothing escapes tag_reply";
  const Decoded reply = decode_exception(payload);
  EXPECT_EQ(reply.tag, 1);
  EXPECT_EQ(reply.type, "int");
  EXPECT_TRUE(contains(reply.message, "not a std::exception"));
}

// Exactly this type, not one derived from it: RemoteError is a std::runtime_error too, so a
// std::runtime_error that arrives as a RemoteError has not arrived as itself.
template <class Expected>
void expect_rethrown_exactly(const std::string& type) {
  try {
    rethrow_remote(type, "m", "w");
    ADD_FAILURE() << type << ": nothing was thrown";
  } catch (const std::exception& e) {
    EXPECT_TRUE(typeid(e) == typeid(Expected))
        << type << " arrived as a " << demangle(typeid(e).name()) << ": " << e.what();
  }
}

TEST(RMI2, TagReplySaysWhatItPutInTheReply) {
  OutFrame reply(kTaggedReply);
  const ReplyOutcome value = tag_reply([](OutArchive& out) { out << 7; }, reply);
  EXPECT_EQ(value.tag, ReplyTag::Value);
  EXPECT_EQ(value.type, "");
  OutFrame failed(kTaggedReply);
  const ReplyOutcome thrown =
      tag_reply([](OutArchive&) { throw std::out_of_range("no row 7"); }, failed);
  EXPECT_EQ(thrown.tag, ReplyTag::Exception);
  EXPECT_EQ(thrown.type, "std::out_of_range");
  EXPECT_EQ(thrown.message, "no row 7");
  OutFrame small(kTaggedReply, {.max_payload_bytes = 256});
  const ReplyOutcome too_large =
      tag_reply([](OutArchive&) { throw std::runtime_error(std::string(1000, 'x')); }, small);
  const Decoded sent =
      decode_exception(std::string(small.payload().begin(), small.payload().end()));
  EXPECT_EQ(too_large.message, sent.message) << "the note, as it was sent";
}

TEST(RMI2, AnExceptionTooLargeForTheFrameIsSentAsANoteSayingSo) {
  OutFrame reply(kTaggedReply, {.max_payload_bytes = 256});
  EXPECT_NO_THROW(
      tag_reply([](OutArchive&) { throw std::runtime_error(std::string(1000, 'x')); }, reply))
      << "nothing escapes tag_reply, not even an exception too large to send";
  const Decoded sent =
      decode_exception(std::string(reply.payload().begin(), reply.payload().end()));
  EXPECT_EQ(sent.tag, 1);
  EXPECT_EQ(sent.type, "std::runtime_error");
  EXPECT_TRUE(contains(sent.message, "too large to send back")) << sent.message;
}

TEST(RMI2, StandardTypesAreRethrownAsThemselves) {
  expect_rethrown_exactly<std::logic_error>("std::logic_error");
  expect_rethrown_exactly<std::invalid_argument>("std::invalid_argument");
  expect_rethrown_exactly<std::domain_error>("std::domain_error");
  expect_rethrown_exactly<std::length_error>("std::length_error");
  expect_rethrown_exactly<std::out_of_range>("std::out_of_range");
  expect_rethrown_exactly<std::runtime_error>("std::runtime_error");
  expect_rethrown_exactly<std::range_error>("std::range_error");
  expect_rethrown_exactly<std::overflow_error>("std::overflow_error");
  expect_rethrown_exactly<std::underflow_error>("std::underflow_error");
  try {
    rethrow_remote("std::invalid_argument", "the server's words", "w");
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "the server's words");
  } catch (const std::exception& e) {
    ADD_FAILURE() << rmi::test::instead_of<std::invalid_argument>(e);
  }
}

// A reply written by hand: the tag, then what follows it.
std::string reply_bytes(std::uint8_t tag, const std::string& type = "",
                        const std::string& message = "") {
  OutFrame reply(kTaggedReply);
  {
    OutArchive out(reply);
    out << tag;
    if (tag == 1) out << type << message;
    if (tag == 0) out << 42;
  }
  return std::string(reply.payload().begin(), reply.payload().end());
}

TEST(RMI2, OpeningAValueReplyLeavesTheValueToRead) {
  const std::string payload = reply_bytes(0);
  InArchive in(payload);
  open_reply(in, kCall, kServer);
  int value = 0;
  in >> value;
  EXPECT_EQ(value, 42);
  EXPECT_EQ(in.remaining(), 0u);
}

TEST(RMI2, OpeningAnExceptionReplyThrowsItNamingTheCall) {
  const std::string payload = reply_bytes(1, "rmi::NoSuchMethod", "object 3 has no method 'f'");
  InArchive in(payload);
  try {
    open_reply(in, kCall, kServer);
    FAIL() << "an exception reply returned";
  } catch (const NoSuchMethod& e) {
    EXPECT_TRUE(contains(e.what(), "object 3 has no method 'f'")) << e.what();
    EXPECT_TRUE(contains(e.what(), "'f int()' on object 3 at 127.0.0.1:50000")) << e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << rmi::test::instead_of<NoSuchMethod>(e);
  }
}

TEST(RMI2, AnUnknownTagIsAProtocolErrorNamingIt) {
  const std::string payload = reply_bytes(7);
  InArchive in(payload);
  try {
    open_reply(in, kCall, kServer);
    FAIL() << "a reply with tag 7 was taken";
  } catch (const ProtocolError& e) {
    EXPECT_TRUE(contains(e.what(), "7")) << e.what();
    EXPECT_TRUE(contains(e.what(), "'f int()'")) << e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << rmi::test::instead_of<ProtocolError>(e);
  }
}

TEST(RMI2, WhatTheServerSentIsShownPrintableAndShort) {
  const std::string payload =
      reply_bytes(1, "evil\nREADY 1.2.3.4:5", "line one\nline two" + std::string(10'000, 'x'));
  InArchive in(payload);
  try {
    open_reply(in, kCall, kServer);
    FAIL() << "an exception reply returned";
  } catch (const RemoteError& e) {
    EXPECT_EQ(e.remote_type().find('\n'), std::string::npos) << "a newline from the network";
    EXPECT_EQ(e.remote_message().find('\n'), std::string::npos);
    EXPECT_LT(e.remote_message().size(), 5000u) << "4096 characters shown, escaped, then ...";
  } catch (const std::exception& e) {
    ADD_FAILURE() << rmi::test::instead_of<RemoteError>(e);
  }
}

TEST(RMI2, AnErrorALaterStageRegisteredTravelsAsItself) {
  register_remote_error<rmi2test::LaterStageError>();
  try {
    rethrow_remote("rmi2test::LaterStageError", "its words", "'f int()' on object 3 at h:1");
    FAIL() << "rethrow_remote returned";
  } catch (const rmi2test::LaterStageError& e) {
    EXPECT_TRUE(contains(e.what(), "its words"));
    EXPECT_TRUE(contains(e.what(), "'f int()' on object 3 at h:1"));
  } catch (const std::exception& e) {
    ADD_FAILURE() << rmi::test::instead_of<rmi2test::LaterStageError>(e);
  }
}

TEST(RMI2, ToolkitRefusalsAreRethrownAsTheirOwnTypesSayingWhere) {
  EXPECT_THROW(rethrow_remote("rmi::NoSuchObject", "m", "w"), NoSuchObject);
  EXPECT_THROW(rethrow_remote("rmi::NoSuchMethod", "m", "w"), NoSuchMethod);
  EXPECT_THROW(rethrow_remote("rmi::NoSuchFunction", "m", "w"), NoSuchFunction);
  EXPECT_THROW(rethrow_remote("rmi::BadArguments", "m", "w"), BadArguments);
  EXPECT_THROW(rethrow_remote("rmi::ProtocolError", "m", "w"), ProtocolError);
  EXPECT_THROW(rethrow_remote("rmi::Timeout", "m", "w"), Timeout);
  EXPECT_THROW(rethrow_remote("rmi::ConnectionError", "m", "w"), ConnectionError);
  try {
    rethrow_remote("rmi::NoSuchObject", "no object 9 here", "'f int()' on object 9 at h:1");
  } catch (const NoSuchObject& e) {
    EXPECT_TRUE(contains(e.what(), "no object 9 here"));
    EXPECT_TRUE(contains(e.what(), "'f int()' on object 9 at h:1"));
  } catch (const std::exception& e) {
    ADD_FAILURE() << rmi::test::instead_of<NoSuchObject>(e);
  }
}

TEST(RMI2, AnyOtherTypeBecomesRemoteErrorWithTypeMessageAndWhere) {
  try {
    rethrow_remote("std::bad_any_cast", "bad any_cast", "'error void()' on object 1 at h:1");
    FAIL() << "rethrow_remote returned";
  } catch (const RemoteError& e) {
    EXPECT_EQ(e.remote_type(), "std::bad_any_cast");
    EXPECT_EQ(e.remote_message(), "bad any_cast");
    EXPECT_TRUE(contains(e.what(), "'error void()' on object 1 at h:1"));
  } catch (const std::exception& e) {
    ADD_FAILURE() << rmi::test::instead_of<RemoteError>(e);
  }
}

TEST(RMI2, ExceptionsCrossFromServerToCaller) {
  EXPECT_THROW(round_trip([](OutArchive&) { throw std::out_of_range("x"); }), std::out_of_range);
  EXPECT_THROW(round_trip([](OutArchive&) { throw std::overflow_error("x"); }),
               std::overflow_error);
  EXPECT_THROW(round_trip([](OutArchive&) { throw rmi2test::BadThing("x"); }), RemoteError);
  EXPECT_THROW(round_trip([](OutArchive&) { throw 42; }), RemoteError);
  EXPECT_NO_THROW(round_trip([](OutArchive&) {})) << "a void value is not an exception";
}
