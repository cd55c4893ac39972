#include "stage1_rpc/program/options.hpp"

#include <iostream>
#include <sstream>

#include "stage1_rpc/rpc/access.hpp"

namespace rmi {

namespace {

std::string usage(std::string_view program, std::string_view common, std::string_view more) {
  std::string text = "usage: " + std::string(program) + " " + std::string(common);
  if (!more.empty()) text += " " + std::string(more);
  return text;
}

}  // namespace

std::string server_usage(std::string_view program, std::string_view more) {
  return usage(program, "[--host HOST] [--port PORT] [--allow HOST,HOST...] [--token SECRET]",
               more);
}

std::string client_usage(std::string_view program, std::string_view more) {
  return usage(program, "[--host HOST] [--port PORT] [--token SECRET]", more);
}

ServerOptions server_options(CommandLine& args, std::string_view program,
                             std::uint16_t default_port) {
  ServerOptions options;
  options.address = {args.text("--host", "127.0.0.1"), args.port("--port", default_port)};
  std::istringstream allowed(args.text("--allow", ""));
  for (std::string host; std::getline(allowed, host, ',');) {
    if (!host.empty()) options.access.allowed_hosts.push_back(host);
  }
  if (const std::string token = args.text("--token", ""); !token.empty()) {
    options.access.validator = require_token(token);
  }
  options.log = log_to_stderr(std::string(program));
  return options;
}

Endpoint server_address(CommandLine& args, std::uint16_t default_port) {
  return {args.text("--host", "127.0.0.1"), args.port("--port", default_port)};
}

ClientOptions client_options(CommandLine& args) {
  ClientOptions options;
  options.token = args.text("--token", "");
  return options;
}

bool help_asked(const CommandLine& args) {
  if (!args.finish()) return false;
  std::cout << args.usage() << "\n";
  return true;
}

}  // namespace rmi
