#include "stage1_rpc/core/command_line.hpp"

#include <charconv>

#include "stage1_rpc/core/error.hpp"

namespace rmi {

CommandLine::CommandLine(int argc, char** argv, std::string usage) : usage_(std::move(usage)) {
  for (int i = 1; i < argc; ++i) {
    const std::string name = argv[i];
    if (name.rfind("--", 0) != 0) throw Error("unexpected argument '" + name + "'\n" + usage_);
    const bool has_value = i + 1 < argc && std::string_view(argv[i + 1]).rfind("--", 0) != 0;
    if (has_value) {
      values_[name] = argv[++i];
    } else {
      flags_.insert(name);
    }
  }
}

std::string CommandLine::text(const std::string& name, const std::string& fallback) {
  asked_.insert(name);
  if (flags_.contains(name)) throw Error(name + " needs a value\n" + usage_);
  const auto found = values_.find(name);
  return found == values_.end() ? fallback : found->second;
}

std::uint16_t CommandLine::port(const std::string& name, std::uint16_t fallback) {
  const std::string value = text(name, std::to_string(fallback));
  unsigned number = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (error != std::errc{} || end != value.data() + value.size() || number > 65535) {
    throw Error(name + " must be a port number from 0 to 65535, not '" + value + "'\n" + usage_);
  }
  return static_cast<std::uint16_t>(number);
}

bool CommandLine::flag(const std::string& name) {
  asked_.insert(name);
  if (values_.contains(name)) throw Error(name + " takes no value\n" + usage_);
  return flags_.contains(name);
}

bool CommandLine::finish() const {
  if (flags_.contains("--help")) return true;
  for (const auto& [name, value] : values_) {
    if (!asked_.contains(name)) throw Error("unknown option '" + name + "'\n" + usage_);
  }
  for (const auto& name : flags_) {
    if (!asked_.contains(name)) throw Error("unknown option '" + name + "'\n" + usage_);
  }
  return false;
}

}  // namespace rmi
