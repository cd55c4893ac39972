#pragma once
// Reading the frames of one connection with as few system calls as the bytes allow. A frame is a
// header and a payload; read_frame() (frame.hpp) asks the kernel for each separately, two recv()s
// for every frame. A small call or reply usually arrives whole, in one packet, so a FrameReader
// asks for as much as its buffer holds: header and payload come in one recv(). Bytes that arrive
// beyond the frame (the start of the next one) wait in the buffer for the next read; a payload
// larger than the buffer is read into the frame itself, exactly as read_frame() does.
//
// The checks are read_frame()'s own: the header before any memory is set aside for the payload,
// the payload budget, and one deadline for the frame from its first byte. A FrameReader belongs
// to one connection and one thread at a time, and must read every frame of that connection from
// its first, since it may hold bytes the socket no longer has.  See lectures/1-rpc.md#cost
#include <array>
#include <cstddef>
#include <optional>

#include "stage1_rpc/net/deadline.hpp"
#include "stage1_rpc/net/socket.hpp"
#include "stage1_rpc/wire/frame.hpp"
#include "stage1_rpc/wire/payload_budget.hpp"

namespace rmi {

class FrameReader {
 public:
  explicit FrameReader(Socket& socket) : socket_(socket) {}
  FrameReader(const FrameReader&) = delete;
  FrameReader& operator=(const FrameReader&) = delete;

  // As read_header(), read_payload() and read_frame() in frame.hpp, for this connection.
  std::optional<FrameHeader> read_header(const FrameLimits& limits, Deadline& deadline);
  Frame read_payload(const FrameHeader& header, Deadline& deadline,
                     PayloadBudget::Share* held = nullptr);
  std::optional<Frame> read_frame(const FrameLimits& limits, Deadline deadline,
                                  PayloadBudget::Share* held = nullptr);

  // Bytes taken from the socket that belong to no frame read so far.
  std::size_t read_ahead() const { return end_ - next_; }

 private:
  Socket& socket_;
  // Large enough for the calls and replies of a typical program; a larger payload's rest goes
  // straight into its frame.
  std::array<char, 4096> buffer_;
  std::size_t next_ = 0;  // buffer_[next_, end_) has arrived and is not consumed yet
  std::size_t end_ = 0;
};

}  // namespace rmi
