#include "stage3_lookup/program/lookup_options.hpp"

namespace rmi {

std::string_view locate_usage() {
  return "[--lookup HOST:PORT] [--broadcast] [--token SECRET]";
}

LocateOptions locate_options(CommandLine& args) {
  LocateOptions options;
  if (const std::string named = args.text("--lookup", ""); !named.empty()) {
    options.address = parse_endpoint(named);
  }
  options.broadcast = args.flag("--broadcast");
  options.client.token = args.text("--token", "");
  return options;
}

ServerOptions exporter_options(CommandLine& args, std::string_view program) {
  ServerOptions options;
  options.address = {args.text("--host", "127.0.0.1"), args.port("--port", 0)};
  options.advertised_host = args.text("--advertise", "");
  options.log = log_to_stderr(std::string(program));
  return options;
}

}  // namespace rmi
