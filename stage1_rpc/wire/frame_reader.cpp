#include "stage1_rpc/wire/frame_reader.hpp"

#include <algorithm>
#include <cstring>

#include "stage1_rpc/net/io.hpp"

namespace rmi {

std::optional<FrameHeader> FrameReader::read_header(const FrameLimits& limits, Deadline& deadline) {
  if (read_ahead() > 0) {
    deadline.start();  // the frame's first bytes are here already: its time runs from now
  } else {
    next_ = end_ = 0;
  }
  if (buffer_.size() - next_ < kHeaderBytes) {  // the header would not fit behind: move it up
    std::memmove(buffer_.data(), buffer_.data() + next_, read_ahead());
    end_ = read_ahead();
    next_ = 0;
  }
  while (read_ahead() < kHeaderBytes) {
    // As much as has arrived, up to the buffer's end: often the whole frame, and then the
    // payload costs no system call of its own.
    const std::size_t got = read_some(socket_, std::span(buffer_).subspan(end_), deadline);
    if (got == 0) {
      if (read_ahead() == 0) return std::nullopt;  // closed cleanly between frames
      detail::throw_header_cut_short(socket_, read_ahead());
    }
    end_ += got;
  }
  const std::span<const char, kHeaderBytes> header(buffer_.data() + next_, kHeaderBytes);
  next_ += kHeaderBytes;
  return parse_header(header, limits);
}

Frame FrameReader::read_payload(const FrameHeader& header, Deadline& deadline,
                                PayloadBudget::Share* held) {
  const std::size_t here = std::min<std::size_t>(read_ahead(), header.payload_bytes);
  const std::span<const char> arrived(buffer_.data() + next_, here);
  next_ += here;
  // The rest, if any, is read exactly, straight into the frame, with read_frame()'s checks.
  return rmi::read_payload(socket_, header, deadline, held, arrived);
}

std::optional<Frame> FrameReader::read_frame(const FrameLimits& limits, Deadline deadline,
                                             PayloadBudget::Share* held) {
  const std::optional<FrameHeader> header = read_header(limits, deadline);
  if (!header) return std::nullopt;
  return read_payload(*header, deadline, held);
}

}  // namespace rmi
