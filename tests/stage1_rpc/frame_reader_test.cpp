// FrameReader: frames read with as few recv()s as the bytes allow, and with every check of
// read_frame() — the header before memory, one deadline per frame — whatever arrives together.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/net/io.hpp"
#include "stage1_rpc/wire/frame_reader.hpp"
#include "tests/support/allocation_probe.hpp"
#include "tests/support/loopback.hpp"

using namespace rmi;
using rmi::test::frame_bytes;
using rmi::test::socket_pair;

namespace {

std::string text_of(const Frame& frame) {
  return std::string(frame.payload.begin(), frame.payload.end());
}

}  // namespace

TEST(FrameReaderTest, FramesThatArriveTogetherAreReadOneAfterTheOther) {
  auto [reader_end, writer] = socket_pair();
  // One write: the second frame's bytes come in the same recv() as the first's.
  write_all(writer,
            frame_bytes(MessageKind::Call, "first") + frame_bytes(MessageKind::Reply, "second"),
            test::patience());
  writer.close();
  FrameReader reader(reader_end);
  const auto first = reader.read_frame({}, test::patience());
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(text_of(*first), "first");
  EXPECT_GT(reader.read_ahead(), 0u) << "the second frame was read with the first";
  const auto second = reader.read_frame({}, test::patience());
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->kind, MessageKind::Reply);
  EXPECT_EQ(text_of(*second), "second");
  EXPECT_FALSE(reader.read_frame({}, test::patience()).has_value()) << "then a clean end";
}

TEST(FrameReaderTest, APayloadLargerThanItsBufferArrivesWhole) {
  auto [reader_end, writer] = socket_pair();
  const std::string big(300 * 1024, 'b');
  std::jthread sender([&writer = writer, &big] {
    write_all(writer, frame_bytes(MessageKind::Call, big) + frame_bytes(MessageKind::Call, "after"),
              test::patience());
  });
  FrameReader reader(reader_end);
  const auto frame = reader.read_frame({}, test::patience());
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(text_of(*frame), big);
  const auto after = reader.read_frame({}, test::patience());
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(text_of(*after), "after") << "no byte of the next frame was lost or taken";
}

TEST(FrameReaderTest, AHeaderSplitAcrossReadsIsPutTogether) {
  auto [reader_end, writer] = socket_pair();
  const std::string bytes = frame_bytes(MessageKind::Call, "abc");
  std::jthread sender([&writer = writer, &bytes] {
    for (char byte : bytes) {
      write_all(writer, std::string(1, byte), test::patience());
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  });
  FrameReader reader(reader_end);
  const auto frame = reader.read_frame({}, test::patience());
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(text_of(*frame), "abc");
}

TEST(FrameReaderTest, AnOversizedLengthIsRefusedBeforeAllocating) {
  auto [reader_end, writer] = socket_pair();
  std::string bytes = frame_bytes(MessageKind::Call, "");
  bytes.replace(8, 4, "\xff\xff\xff\xff");
  write_all(writer, bytes + std::string(100, 'x'), test::patience());
  FrameReader reader(reader_end);
  test::AllocationProbe probe;
  EXPECT_THROW(reader.read_frame({}, test::patience()), ProtocolError);
  EXPECT_LT(probe.largest(), 1u << 20);
}

TEST(FrameReaderTest, AHeaderCutShortSaysHowFarItGot) {
  auto [reader_end, writer] = socket_pair();
  write_all(writer, std::string("RMIT\x01", 5), test::patience());
  writer.close();
  FrameReader reader(reader_end);
  try {
    reader.read_frame({}, test::patience());
    FAIL() << "a header of 5 bytes was taken";
  } catch (const ProtocolError& e) {
    EXPECT_NE(std::string(e.what()).find("cut short after 5 of 12"), std::string::npos) << e.what();
  }
}

// A frame whose first bytes came in with the frame before it has begun: its deadline runs from
// then, not from whenever its next byte comes.
TEST(FrameReaderTest, AFrameBegunWithThePreviousOneMustFinishInTime) {
  auto [reader_end, writer] = socket_pair();
  write_all(writer, frame_bytes(MessageKind::Call, "one") + std::string("RMIT", 4),
            test::patience());
  FrameReader reader(reader_end);
  ASSERT_TRUE(reader.read_frame({}, test::patience()).has_value());
  const auto started = std::chrono::steady_clock::now();
  EXPECT_THROW(reader.read_frame({}, Deadline::within(std::chrono::milliseconds(100))), Timeout);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));
}

// The socket's receive timeout was set for a long deadline by the first read; a shorter one
// after it must shorten the wait, not inherit the long one.
TEST(FrameReaderTest, AShortDeadlineAfterALongOneEndsInTime) {
  auto [reader_end, writer] = socket_pair();
  write_all(writer, frame_bytes(MessageKind::Reply, "ready"), test::patience());
  FrameReader reader(reader_end);
  ASSERT_TRUE(reader.read_frame({}, Deadline::after(std::chrono::minutes(10))).has_value());
  const auto started = std::chrono::steady_clock::now();
  EXPECT_THROW(reader.read_frame({}, Deadline::after(std::chrono::milliseconds(100))), Timeout);
  const auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_GE(waited, std::chrono::milliseconds(100));
  EXPECT_LT(waited, std::chrono::seconds(1));
}
