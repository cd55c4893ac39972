#pragma once
// The command-line options of stage 3's programs, added to stage 1's (program/options.hpp):
//
//   --lookup HOST:PORT   where the lookup service is (else RMI_LOOKUP, else this machine)
//   --broadcast          may ask the local network where it is (locate.hpp)
//   --token SECRET       the lookup service's token, if it has one
//   --advertise HOST     the host other machines reach this program's server by
//                                                      See lectures/3-lookup.md#running
#include <string>
#include <string_view>

#include "stage1_rpc/core/command_line.hpp"
#include "stage1_rpc/rpc/server.hpp"
#include "stage3_lookup/lookup/locate.hpp"

namespace rmi {

// "[--lookup HOST:PORT] [--broadcast] [--token SECRET]"
std::string_view locate_usage();

LocateOptions locate_options(CommandLine& args);

// The options of a process that exports objects: --host (default 127.0.0.1), --port (default
// any), --advertise; its log lines start with the program's name.
ServerOptions exporter_options(CommandLine& args, std::string_view program);

}  // namespace rmi
