#include "stage1_rpc/core/printable.hpp"

#include <cstdio>

namespace rmi {

std::string printable(std::string_view bytes, std::size_t max_chars) {
  std::string text;
  for (const char c : bytes.substr(0, max_chars)) {
    if (c >= ' ' && c <= '~') {
      text.push_back(c);
    } else {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", static_cast<unsigned char>(c));
      text += escaped;
    }
  }
  if (bytes.size() > max_chars) text += "...";
  return text;
}

bool is_plain_text(std::string_view text, std::size_t max_length) {
  if (text.empty() || text.size() > max_length) return false;
  for (const char c : text) {
    if (c < ' ' || c > '~') return false;
  }
  return true;
}

}  // namespace rmi
