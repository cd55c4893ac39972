#pragma once
// A frame is one message on the wire: a fixed 12-byte header, then the payload.
//
//    0         4         5         6                   8                             12
//    +---------+---------+---------+-------------------+-----------------------------+---------
//    |  magic  | version |  kind   |      format       |       payload length        | payload
//    | "RMIT"  |   u8    |   u8    |       u16         |            u32              | ...
//    +---------+---------+---------+-------------------+-----------------------------+---------
//
// Header numbers are big-endian (network byte order), so any machine can read any header. The
// payload is a Boost binary archive, whose bytes depend on the machine; `format` names that
// dialect (see payload_format.hpp) so a peer that could not read the payload refuses the frame
// at once instead of misreading it. The length is checked against FrameLimits before any memory
// is set aside for the payload.                              See lectures/1-rpc.md#framing
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "stage1_rpc/net/deadline.hpp"
#include "stage1_rpc/net/socket.hpp"
#include "stage1_rpc/wire/message_kind.hpp"
#include "stage1_rpc/wire/payload_budget.hpp"

namespace rmi {

inline constexpr std::size_t kHeaderBytes = 12;
inline constexpr std::array<char, 4> kMagic = {'R', 'M', 'I', 'T'};
inline constexpr std::uint8_t kProtocolVersion = 1;

struct FrameLimits {
  std::uint32_t max_payload_bytes = 16u << 20;  // 16 MiB
};

struct FrameHeader {
  MessageKind kind{};
  std::uint32_t payload_bytes = 0;
};

// A received frame: a value.
struct Frame {
  MessageKind kind{};
  std::vector<char> payload;
};

// The 12 header bytes for a payload of this kind and size, in our payload format.
std::array<char, kHeaderBytes> encode_header(const FrameHeader& header);

// Checks magic, version, format and length; throws ProtocolError saying which is wrong.
FrameHeader parse_header(std::span<const char, kHeaderBytes> bytes, const FrameLimits& limits);

// An outgoing frame while it is being built: room for the header, then the payload that an
// OutArchive appends. Writing past the limit is a ProtocolError here, at the sender, rather
// than a refusal at the receiver.
class OutFrame {
 public:
  explicit OutFrame(MessageKind kind, FrameLimits limits = {});

  MessageKind kind() const { return kind_; }
  void set_kind(MessageKind kind) { kind_ = kind; }
  void append(const void* bytes, std::size_t count);
  // Forgets the payload written so far (a reply that turned out to be an error instead).
  void clear_payload() { bytes_.resize(kHeaderBytes); }
  std::span<const char> payload() const;
  // Writes the header in front of the payload; returns the whole frame, ready to send.
  std::span<const char> seal();

 private:
  MessageKind kind_;
  FrameLimits limits_;
  // Header and payload, in a std::string rather than a std::vector<char> only because an
  // archive appends every number of a call on its own, and callgrind counted fewer instructions
  // for std::string::append than for std::vector::insert (about 600 per call; lecture 1#cost).
  std::string bytes_;
};

// Reads one frame before the deadline (a server gives Deadline::within(idle_timeout): the peer
// may wait that long before a frame, and must then send all of it within that long). Returns
// nothing if the peer closed the connection cleanly between frames. Throws ProtocolError for a
// bad header or a frame cut short, Timeout when the deadline passes. Memory for the payload grows
// with the bytes that really arrive. With `held`, a frame larger than one read chunk is charged
// to it (and so to its server's budget) before its payload is read: refused if it does not fit.
std::optional<Frame> read_frame(Socket& socket, const FrameLimits& limits, Deadline deadline,
                                PayloadBudget::Share* held = nullptr);

// The two halves of read_frame, for a reader that decides between them (a server checks who is
// calling before it reads, and holds, a large payload). The deadline runs on from one to the other.
// `arrived`: the payload's first bytes, when they were read with the header (frame_reader.hpp).
std::optional<FrameHeader> read_header(Socket& socket, const FrameLimits& limits,
                                       Deadline& deadline);
Frame read_payload(Socket& socket, const FrameHeader& header, Deadline& deadline,
                   PayloadBudget::Share* held = nullptr, std::span<const char> arrived = {});

namespace detail {
// A header that ended after `got` of its 12 bytes: a ProtocolError naming the peer.
[[noreturn]] void throw_header_cut_short(const Socket& socket, std::size_t got);
}  // namespace detail

// Sends the whole frame before the deadline.
void write_frame(Socket& socket, OutFrame& frame, const Deadline& deadline);

// What an OutFrame reserves up front: most calls and replies fit.
inline constexpr std::size_t kTypicalFrameBytes = 256;

// Frames at most this large are read in one piece; larger ones are charged to a budget.
inline constexpr std::size_t kReadChunk = 64 * 1024;

}  // namespace rmi
