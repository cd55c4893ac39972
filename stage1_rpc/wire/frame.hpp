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
#include "stage1_rpc/wire/payload_budget.hpp"

namespace rmi {

inline constexpr std::size_t kHeaderBytes = 12;
inline constexpr std::array<char, 4> kMagic = {'R', 'M', 'I', 'T'};
inline constexpr std::uint8_t kProtocolVersion = 1;

// What a frame carries. The whole toolkit's kinds are listed here, with the stage that adds them,
// so that one table describes the protocol.
enum class MessageKind : std::uint8_t {
  Call = 1,         // stage 1: a function's name, signature and arguments
  Reply = 2,        // stage 1: the result's value, nothing else
  ObjectCall = 3,   // stage 2: an object ID, a method's name and signature, the arguments
  OneWayCall = 4,   // stage 2: an ObjectCall that wants no reply
  TaggedReply = 5,  // stage 2: a tag (value or exception), then the value or the exception
  Hello = 6,        // any stage, client first: a handshake token for the server's validator
  Welcome = 7,      // the answer to Hello: come in
  Refused = 8,      // the server's last word on a connection it will not serve: why
};
std::string to_string(MessageKind kind);

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
  std::vector<char> bytes_;
};

// Reads one frame. Returns nothing if the peer closed the connection cleanly between frames.
// Throws ProtocolError for a bad header or a frame cut short, Timeout when a wait or the
// deadline runs out. Memory for the payload grows with the bytes that really arrive; with a
// budget, a frame larger than one read chunk also takes its length from the budget meanwhile.
std::optional<Frame> read_frame(Socket& socket, const FrameLimits& limits, Deadline deadline,
                                PayloadBudget* budget = nullptr);
std::optional<Frame> read_frame(Socket& socket, const FrameLimits& limits);

void write_frame(Socket& socket, OutFrame& frame, Deadline deadline = Deadline::none());

}  // namespace rmi
