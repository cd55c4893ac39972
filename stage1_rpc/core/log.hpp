#pragma once
// Where a server reports what it refused, what failed and what it did about it. A Logger is just
// a function that takes one line, so a program can prefix its lines and a test can collect them.
#include <functional>
#include <string>
#include <string_view>

namespace rmi {

using Logger = std::function<void(std::string_view line)>;

// Writes "[prefix] line" to stderr in one write, so lines from many threads never interleave.
Logger log_to_stderr(std::string prefix);

}  // namespace rmi
