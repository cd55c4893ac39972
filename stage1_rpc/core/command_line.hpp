#pragma once
// The command line of the demo programs: options of the form "--name value" and "--flag".
// Every program asks for what it knows, then calls finish(), which refuses anything else,
// so a typo like "--prot 5000" is an error instead of being silently ignored.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>

namespace rmi {

class CommandLine {
 public:
  // `usage` is printed with any error, and for --help.
  CommandLine(int argc, char** argv, std::string usage);

  std::string text(const std::string& name, const std::string& fallback);
  std::uint16_t port(const std::string& name, std::uint16_t fallback);
  bool flag(const std::string& name);

  // Throws rmi::Error (with the usage) for options nobody asked for; true if --help was given.
  bool finish() const;
  const std::string& usage() const { return usage_; }

 private:
  std::string usage_;
  std::map<std::string, std::string, std::less<>> values_;
  std::set<std::string, std::less<>> flags_;
  std::set<std::string, std::less<>> asked_;
};

}  // namespace rmi
