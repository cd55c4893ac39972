#pragma once
// Wire tracing: run a program with RMI_TRACE=1 and both sides print each frame they send (->)
// or receive (<-) to stderr, so you can watch the protocol at work:
//   [trace client to 127.0.0.1:50000] -> Call 36 B  add int(int, int)
//   [trace server 127.0.0.1:50000] <- Call 36 B  add int(int, int)
//   [trace server 127.0.0.1:50000] -> Reply 4 B  add: ok
//   [trace client to 127.0.0.1:50000] <- Reply 4 B  add int(int, int): ok
//                                                              See lectures/1-rpc.md#tracing
#include <cstddef>
#include <string>
#include <string_view>

#include "stage1_rpc/wire/frame.hpp"

namespace rmi {

// True when RMI_TRACE is set to something other than "" or "0".
bool trace_requested();

class Tracer {
 public:
  explicit Tracer(std::string side, bool enabled = trace_requested());

  bool enabled() const { return enabled_; }
  void sent(MessageKind kind, std::size_t payload_bytes, std::string_view detail) const;
  void received(MessageKind kind, std::size_t payload_bytes, std::string_view detail) const;
  // Something that is not a frame: a refusal, a dropped connection.
  void note(std::string_view event) const;

 private:
  void line(std::string_view text) const;
  std::string side_;
  bool enabled_;
};

}  // namespace rmi
