#include "stage4_references/program/home_options.hpp"

#include <charconv>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/core/printable.hpp"

namespace rmi {

std::string_view home_usage() {
  return "[--lease MS]";
}

HomeOptions home_options(CommandLine& args, const ServerOptions& options) {
  HomeOptions home;
  home.server = options;
  home.server.address.port = 0;
  const std::string lease = args.text("--lease", "10000");
  long milliseconds = 0;
  const char* end = lease.data() + lease.size();
  const auto [stop, error] = std::from_chars(lease.data(), end, milliseconds);
  // Shorter than 300 ms, renewals (each third of a lease) would race the network.
  if (error != std::errc{} || stop != end || milliseconds < 300 || milliseconds > 3'600'000) {
    throw Error("--lease " + printable(lease) + ": give milliseconds, from 300 to 3600000");
  }
  home.lease = std::chrono::milliseconds(milliseconds);
  return home;
}

}  // namespace rmi
