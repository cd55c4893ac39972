#pragma once
// Where a server reports what it refused, what failed and what it did about it. A Logger is just
// a function that takes one line, so a program can prefix its lines and a test can collect them.
#include <functional>
#include <string>
#include <string_view>

namespace rmi {

using Logger = std::function<void(std::string_view line)>;

// Writes "[prefix] line" to stderr with one write(2) where it can: lines from many threads stay
// whole (a pipe guarantees it up to 4 KiB; longer lines may interleave). Control characters in
// the line are escaped (printable.hpp: one_line), so each line is one line, whatever a peer sent.
// Lines about peers should go through a PeerLog (peer_log.hpp), which limits how many.
Logger log_to_stderr(std::string prefix);

}  // namespace rmi
