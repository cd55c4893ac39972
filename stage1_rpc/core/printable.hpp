#pragma once
// Text from the network is shown in logs, traces, error messages and a demo's output, and it
// may contain anything: newlines that forge log lines (or a "READY host:port" line that scripts
// read), terminal control codes, megabytes. These functions make it safe to show, and decide
// whether a name is one we accept at all.
#include <cstddef>
#include <string>
#include <string_view>

namespace rmi {

// Control and non-ASCII bytes escaped as \xNN, and at most `max_chars` shown ("..." after).
std::string printable(std::string_view bytes, std::size_t max_chars = 80);

// The whole text, with control characters (newlines, escape codes) escaped as \xNN: it stays one
// line and cannot steer a terminal. Every log and trace line goes through this.
std::string one_line(std::string_view text);

// 1 to max_length characters, all printable ASCII (space to '~').
bool is_plain_text(std::string_view text, std::size_t max_length);

}  // namespace rmi
