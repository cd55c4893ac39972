#pragma once
// Text from the network is shown in logs, traces and error messages, and it may contain
// anything: newlines that forge log lines, control codes, megabytes. These two functions make
// it safe to show, and decide whether a name is one we accept at all.
#include <cstddef>
#include <string>
#include <string_view>

namespace rmi {

// Control and non-ASCII bytes escaped as \xNN, and at most `max_chars` shown ("..." after).
std::string printable(std::string_view bytes, std::size_t max_chars = 80);

// 1 to max_length characters, all printable ASCII (space to '~').
bool is_plain_text(std::string_view text, std::size_t max_length);

}  // namespace rmi
