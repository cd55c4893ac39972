#include "stage1_rpc/core/printable.hpp"

#include <cstdio>

namespace rmi {

namespace {

void append_escaped(std::string& text, char c) {
  char escaped[8];
  std::snprintf(escaped, sizeof escaped, "\\x%02x", static_cast<unsigned char>(c));
  text += escaped;
}

}  // namespace

std::string printable(std::string_view bytes, std::size_t max_chars) {
  std::string text;
  for (const char c : bytes.substr(0, max_chars)) {
    if (c >= ' ' && c <= '~') {
      text.push_back(c);
    } else {
      append_escaped(text, c);
    }
  }
  if (bytes.size() > max_chars) text += "...";
  return text;
}

// Bytes from 0x80 up stay: they are the UTF-8 of our own messages' dashes and of names.
std::string one_line(std::string_view text) {
  std::string line;
  line.reserve(text.size());
  for (const char c : text) {
    if (static_cast<unsigned char>(c) < ' ' || c == '\x7f') {
      append_escaped(line, c);
    } else {
      line.push_back(c);
    }
  }
  return line;
}

bool is_plain_text(std::string_view text, std::size_t max_length) {
  if (text.empty() || text.size() > max_length) return false;
  for (const char c : text) {
    if (c < ' ' || c > '~') return false;
  }
  return true;
}

}  // namespace rmi
