#include "stage1_rpc/wire/frame.hpp"

#include <algorithm>
#include <cstring>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/core/printable.hpp"
#include "stage1_rpc/net/io.hpp"
#include "stage1_rpc/wire/payload_format.hpp"

namespace rmi {

namespace {

void put_u16(char* at, std::uint16_t value) {
  at[0] = static_cast<char>(value >> 8);
  at[1] = static_cast<char>(value);
}

void put_u32(char* at, std::uint32_t value) {
  for (int i = 0; i < 4; ++i)
    at[i] = static_cast<char>(value >> (24 - 8 * i));
}

std::uint32_t get_unsigned(const char* at, int bytes) {
  std::uint32_t value = 0;
  for (int i = 0; i < bytes; ++i)
    value = value << 8 | static_cast<unsigned char>(at[i]);
  return value;
}

}  // namespace

std::array<char, kHeaderBytes> encode_header(const FrameHeader& header) {
  std::array<char, kHeaderBytes> bytes{};
  std::copy(kMagic.begin(), kMagic.end(), bytes.begin());
  bytes[4] = static_cast<char>(kProtocolVersion);
  bytes[5] = static_cast<char>(header.kind);
  put_u16(&bytes[6], local_payload_format());
  put_u32(&bytes[8], header.payload_bytes);
  return bytes;
}

FrameHeader parse_header(std::span<const char, kHeaderBytes> bytes, const FrameLimits& limits) {
  if (!std::equal(kMagic.begin(), kMagic.end(), bytes.begin())) {
    throw ProtocolError("not an RMI toolkit peer: a frame must start with 'RMIT', got '" +
                        printable(std::string_view(bytes.data(), 4)) + "'");
  }
  const unsigned version = static_cast<unsigned char>(bytes[4]);
  if (version != kProtocolVersion) {
    throw ProtocolError("protocol version " + std::to_string(version) +
                        " is not supported (we speak " + std::to_string(kProtocolVersion) + ")");
  }
  const auto format = static_cast<std::uint16_t>(get_unsigned(&bytes[6], 2));
  if (format != local_payload_format()) {
    throw ProtocolError("the peer's payloads are in another format (" +
                        describe_payload_format(format) +
                        "; ours: " + describe_payload_format(local_payload_format()) +
                        "): the two builds cannot exchange binary archives");
  }
  const std::uint32_t length = get_unsigned(&bytes[8], 4);
  if (length > limits.max_payload_bytes) {
    throw ProtocolError("frame of " + std::to_string(length) + " bytes refused: the limit is " +
                        std::to_string(limits.max_payload_bytes) + " bytes");
  }
  return FrameHeader{static_cast<MessageKind>(bytes[5]), length};
}

OutFrame::OutFrame(MessageKind kind, FrameLimits limits)
    : kind_(kind), limits_(limits), bytes_(kHeaderBytes, '\0') {
  // Room for a typical call or reply at once: an archive appends each value as it goes, and a
  // vector that starts at 12 bytes would move itself a dozen times while it grows.
  bytes_.reserve(kTypicalFrameBytes);
}

std::span<const char> OutFrame::payload() const {
  return std::span<const char>(bytes_).subspan(kHeaderBytes);
}

std::span<const char> OutFrame::seal() {
  const auto header =
      encode_header({kind_, static_cast<std::uint32_t>(bytes_.size() - kHeaderBytes)});
  std::copy(header.begin(), header.end(), bytes_.begin());
  return bytes_;
}

void OutFrame::append(const void* bytes, std::size_t count) {
  if (bytes_.size() - kHeaderBytes + count > limits_.max_payload_bytes) {
    throw ProtocolError("cannot send a " + to_string(kind_) + " larger than the frame limit of " +
                        std::to_string(limits_.max_payload_bytes) + " bytes");
  }
  bytes_.append(static_cast<const char*>(bytes), count);
}

std::optional<FrameHeader> read_header(Socket& socket, const FrameLimits& limits,
                                       Deadline& deadline) {
  std::array<char, kHeaderBytes> header_bytes;
  const std::size_t got = read_exact(socket, header_bytes, deadline);
  if (got == 0) return std::nullopt;
  if (got < kHeaderBytes) detail::throw_header_cut_short(socket, got);
  return parse_header(header_bytes, limits);
}

void detail::throw_header_cut_short(const Socket& socket, std::size_t got) {
  throw ProtocolError("frame header from " + socket.peer().to_string() + " cut short after " +
                      std::to_string(got) + " of " + std::to_string(kHeaderBytes) + " bytes");
}

Frame read_payload(Socket& socket, const FrameHeader& header, Deadline& deadline,
                   PayloadBudget::Share* held, std::span<const char> arrived) {
  const std::size_t length = header.payload_bytes;
  if (held != nullptr && length > kReadChunk) held->grow(length);
  // Memory follows the bytes that really arrive: a header that promises 16 MiB and then stays
  // silent costs one chunk. Capacity grows by doubling but never beyond the announced length.
  Frame frame{header.kind, std::vector<char>(arrived.begin(), arrived.end())};
  while (frame.payload.size() < length) {
    const std::size_t have = frame.payload.size();
    const std::size_t chunk = std::min(length - have, kReadChunk);
    if (have + chunk > frame.payload.capacity()) {
      frame.payload.reserve(std::min(length, std::max(2 * frame.payload.capacity(), have + chunk)));
    }
    frame.payload.resize(have + chunk);
    if (read_exact(socket, std::span(frame.payload).subspan(have, chunk), deadline) < chunk) {
      throw ProtocolError(to_string(header.kind) + " frame from " + socket.peer().to_string() +
                          " cut short: the connection closed inside its " + std::to_string(length) +
                          "-byte payload");
    }
  }
  return frame;
}

std::optional<Frame> read_frame(Socket& socket, const FrameLimits& limits, Deadline deadline,
                                PayloadBudget::Share* held) {
  const std::optional<FrameHeader> header = read_header(socket, limits, deadline);
  if (!header) return std::nullopt;
  return read_payload(socket, *header, deadline, held);
}

void write_frame(Socket& socket, OutFrame& frame, const Deadline& deadline) {
  write_all(socket, frame.seal(), deadline);
}

}  // namespace rmi
