// Frames: the header's fields, and every way a header or payload can be wrong.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/net/io.hpp"
#include "stage1_rpc/wire/frame.hpp"
#include "stage1_rpc/wire/payload_format.hpp"
#include "tests/support/allocation_probe.hpp"
#include "tests/support/loopback.hpp"

using namespace rmi;
using rmi::test::frame_bytes;
using rmi::test::socket_pair;

namespace {

// Sends `bytes` raw, closes the sending side, and reads one frame at the other end.
std::optional<Frame> receive(const std::string& bytes, FrameLimits limits = {}) {
  auto [reader, writer] = socket_pair();
  write_all(writer, bytes, rmi::test::patience());
  writer.close();
  return rmi::test::receive_frame(reader, limits);
}

std::string protocol_error_of(const std::string& bytes, FrameLimits limits = {}) {
  try {
    receive(bytes, limits);
  } catch (const ProtocolError& e) {
    return e.what();
  }
  return "(no ProtocolError)";
}

}  // namespace

TEST(FrameTest, HeaderIsTwelveBigEndianBytes) {
  const auto header = encode_header({MessageKind::Reply, 0x01020304});
  const std::string bytes(header.begin(), header.end());
  EXPECT_EQ(bytes.substr(0, 4), "RMIT");
  EXPECT_EQ(bytes[4], 1) << "protocol version";
  EXPECT_EQ(bytes[5], 2) << "kind Reply";
  EXPECT_EQ(bytes.substr(8), std::string("\x01\x02\x03\x04", 4)) << "length, big-endian";
}

TEST(FrameTest, AFrameSurvivesTheTrip) {
  OutFrame out(MessageKind::Call);
  out.append("payload!", 8);
  const auto sealed = out.seal();
  const auto frame = receive(std::string(sealed.begin(), sealed.end()));
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(frame->kind, MessageKind::Call);
  EXPECT_EQ(std::string(frame->payload.begin(), frame->payload.end()), "payload!");
}

TEST(FrameTest, AnEmptyPayloadIsAFrameToo) {
  const auto frame = receive(frame_bytes(MessageKind::Reply, ""));
  ASSERT_TRUE(frame.has_value());
  EXPECT_TRUE(frame->payload.empty());
}

TEST(FrameTest, CleanCloseBetweenFramesIsNotAnError) {
  EXPECT_FALSE(receive("").has_value());
}

TEST(FrameTest, WrongMagicIsRefusedAndQuoted) {
  const std::string error = protocol_error_of("GET / HTTP/1.1\r\n\r\n");
  EXPECT_NE(error.find("not an RMI toolkit peer"), std::string::npos) << error;
  EXPECT_NE(error.find("'GET '"), std::string::npos) << error;
}

TEST(FrameTest, WrongVersionIsRefused) {
  std::string bytes = frame_bytes(MessageKind::Call, "x");
  bytes[4] = 9;
  const std::string error = protocol_error_of(bytes);
  EXPECT_NE(error.find("protocol version 9"), std::string::npos) << error;
}

TEST(FrameTest, ForeignPayloadFormatIsRefusedSayingWhatDiffers) {
  std::string bytes = frame_bytes(MessageKind::Call, "x");
  bytes[7] = static_cast<char>(bytes[7] ^ 4);  // the other byte order
  const std::string error = protocol_error_of(bytes);
  EXPECT_NE(error.find("another format"), std::string::npos) << error;
  EXPECT_NE(error.find("endian"), std::string::npos) << error;
}

TEST(FrameTest, OversizedLengthIsRefusedBeforeAllocating) {
  std::string bytes = frame_bytes(MessageKind::Call, "");
  bytes.replace(8, 4, "\xff\xff\xff\xff");  // 4 GiB - 1
  test::AllocationProbe probe;
  const std::string error = protocol_error_of(bytes);
  EXPECT_NE(error.find("4294967295 bytes refused"), std::string::npos) << error;
  EXPECT_LT(probe.largest(), 1u << 20);
}

TEST(FrameTest, LengthJustOverTheLimitIsRefused) {
  FrameLimits limits{1000};
  EXPECT_TRUE(receive(frame_bytes(MessageKind::Call, std::string(1000, 'x')), limits));
  const std::string error =
      protocol_error_of(frame_bytes(MessageKind::Call, std::string(1001, 'x')), limits);
  EXPECT_NE(error.find("limit is 1000"), std::string::npos) << error;
}

TEST(FrameTest, HeaderCutShortIsAProtocolError) {
  const std::string error = protocol_error_of("RMIT\x01");
  EXPECT_NE(error.find("cut short after 5 of 12"), std::string::npos) << error;
}

TEST(FrameTest, PayloadCutShortIsAProtocolError) {
  const std::string error =
      protocol_error_of(frame_bytes(MessageKind::Call, "abcdef").substr(0, 15));
  EXPECT_NE(error.find("cut short"), std::string::npos) << error;
}

TEST(FrameTest, PromisedPayloadCostsOnlyWhatArrives) {
  // A header announcing 16 MiB followed by 10 bytes and an end: memory follows the bytes.
  const std::string bytes =
      frame_bytes(MessageKind::Call, std::string(16u << 20, 'x')).substr(0, 22);
  test::AllocationProbe probe;
  EXPECT_THROW(receive(bytes), ProtocolError);
  EXPECT_LT(probe.largest(), 1u << 20) << "the whole 16 MiB were set aside up front";
}

TEST(FrameTest, SendingMoreThanTheLimitFailsAtTheSender) {
  OutFrame out(MessageKind::Reply, FrameLimits{16});
  out.append("0123456789abcdef", 16);
  EXPECT_THROW(out.append("!", 1), ProtocolError);
}

TEST(FrameTest, UnknownKindsAreNamedByNumber) {
  EXPECT_EQ(to_string(MessageKind::Call), "Call");
  EXPECT_EQ(to_string(static_cast<MessageKind>(77)), "kind 77");
}

TEST(FrameTest, ALaterStageNamesItsOwnKindsOnce) {
  const auto kind = MessageKind{99};
  EXPECT_TRUE(name_message_kind(kind, "Ninety-nine", "a kind for this test"));
  EXPECT_EQ(to_string(kind), "Ninety-nine");
  EXPECT_EQ(about(kind), "a kind for this test");
  EXPECT_TRUE(name_message_kind(kind, "Ninety-nine")) << "naming it again the same is harmless";
  EXPECT_THROW(name_message_kind(kind, "Another"), Error) << "one number, one name";
  EXPECT_THROW(name_message_kind(MessageKind::Call, "NotACall"), Error);
}

// Issue found by an outside attacker: the frame's deadline was consulted only after a short
// read, so whole 64 KiB chunks sent just before each wait would end kept a frame alive for
// hundreds of waits. Every wait is now bounded by the frame's deadline, whatever the chunking.
TEST(FrameTest, AFrameSentInWholeChunksTooSlowlyIsCutAtItsDeadline) {
  auto [reader, writer] = socket_pair();
  constexpr std::size_t kChunk = 64 * 1024;
  std::atomic<bool> stop{false};
  std::jthread sender([&writer = writer, &stop] {
    const auto header = encode_header({MessageKind::Call, 16 * kChunk});
    try {
      write_all(writer, std::span<const char>(header), rmi::test::patience());
      for (int i = 0; i < 16 && !stop; ++i) {
        write_all(writer, std::string(kChunk, 'c'), rmi::test::patience());
        std::this_thread::sleep_for(std::chrono::milliseconds(60));  // the attacker's pace
      }
    } catch (const Error&) {
      // the reader gave up and closed: that is the point
    }
  });
  const auto started = std::chrono::steady_clock::now();
  EXPECT_THROW(read_frame(reader, {}, Deadline::within(std::chrono::milliseconds(150))), Timeout);
  stop = true;
  reader.close();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(400))
      << "16 chunks 60 ms apart take a second; the deadline is 150 ms";
}

TEST(FrameTest, PayloadFormatDescribesThisMachine) {
  const std::string text = describe_payload_format(local_payload_format());
  EXPECT_NE(text.find("Boost archive"), std::string::npos) << text;
  EXPECT_NE(text.find("little-endian"), std::string::npos) << text;
}
