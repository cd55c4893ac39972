#pragma once
// The command-line options of stage 4's programs, added to stage 3's (lookup_options.hpp):
//
//   --lease MS   how long another process's claim on this program's objects passed by
//                reference lasts without a renewal (default 10000)
//
// A program's home server (refs/home.hpp) listens where its other server does — on --host, on
// a port of its own — and is advertised as --advertise: a reference it sends must be usable
// wherever its named objects are.                   See lectures/4-references.md#running
#include "stage1_rpc/core/command_line.hpp"
#include "stage1_rpc/rpc/server.hpp"
#include "stage4_references/refs/home.hpp"

namespace rmi {

// "[--lease MS]"
std::string_view home_usage();

// The home options for a program whose server has `options` (exporter_options).
HomeOptions home_options(CommandLine& args, const ServerOptions& options);

}  // namespace rmi
