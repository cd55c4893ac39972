#include "stage3_lookup/lookup/names.hpp"

#include <string>

#include "stage1_rpc/core/printable.hpp"
#include "stage3_lookup/lookup/lookup_errors.hpp"

namespace rmi {

namespace {

bool is_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// One part of a dotted name: letters, digits, '_' and '-', at least one.
bool is_name_part(std::string_view part) {
  if (part.empty()) return false;
  for (const char c : part) {
    if (!is_letter(c) && !is_digit(c) && c != '_' && c != '-') return false;
  }
  return true;
}

// A C++ identifier: a letter or '_', then letters, digits and '_'.
bool is_identifier(std::string_view part) {
  if (part.empty() || is_digit(part.front())) return false;
  for (const char c : part) {
    if (!is_letter(c) && !is_digit(c) && c != '_') return false;
  }
  return true;
}

}  // namespace

bool is_name(std::string_view text) {
  if (text.empty() || text.size() > kMaxNameLength) return false;
  for (std::size_t start = 0;;) {
    const std::size_t dot = text.find('.', start);
    if (!is_name_part(text.substr(start, dot - start))) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool is_class_name(std::string_view text) {
  if (text.empty() || text.size() > kMaxClassNameLength) return false;
  for (std::size_t start = 0;;) {
    const std::size_t colons = text.find("::", start);
    if (!is_identifier(text.substr(start, colons - start))) return false;
    if (colons == std::string_view::npos) return true;
    start = colons + 2;
  }
}

bool is_under(std::string_view name, std::string_view prefix) {
  if (prefix.empty() || name == prefix) return true;
  return name.size() > prefix.size() && name.starts_with(prefix) && name[prefix.size()] == '.';
}

void check_name(std::string_view text) {
  if (is_name(text)) return;
  throw BadName("'" + printable(text) + "' is not a name: a name is dotted parts of letters, " +
                "digits, '_' and '-', such as demo.cluster.node1, of at most " +
                std::to_string(kMaxNameLength) + " characters");
}

void check_class_name(std::string_view text) {
  if (is_class_name(text)) return;
  throw MalformedClassName("'" + printable(text) + "' is not a class name: a class is named as " +
                           "C++ spells it, identifiers joined by '::', such as demo::Calculator");
}

}  // namespace rmi
