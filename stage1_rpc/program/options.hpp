#pragma once
// The command-line options that every demo server and client shares, read from a CommandLine
// (core/command_line.hpp), so that each program lists only what is its own:
//
//   server  [--host 127.0.0.1] [--port 50000] [--allow HOST,HOST...] [--token SECRET]
//   client  [--host 127.0.0.1] [--port 50000] [--token SECRET]
//
// --host is the interface a server listens on (0.0.0.0: all) or the host a client calls; --allow
// serves only those client addresses; --token admits only clients with the same --token
// (lectures/1-rpc.md#access). A program reads its own options from the same CommandLine before
// it calls help_asked(), which refuses any option nobody read. Later stages add theirs the same
// way (a lookup service's --advertise, for example).
#include <cstdint>
#include <string>
#include <string_view>

#include "stage1_rpc/core/command_line.hpp"
#include "stage1_rpc/rpc/connection.hpp"
#include "stage1_rpc/rpc/server.hpp"

namespace rmi {

// The demos' port, for people; scripts and tests pass --port 0 (any free port).
inline constexpr std::uint16_t kDemoPort = 50000;

// "usage: calc_server [--host HOST] [--port PORT] [--allow HOST,HOST...] [--token SECRET] <more>"
std::string server_usage(std::string_view program, std::string_view more = {});
std::string client_usage(std::string_view program, std::string_view more = {});

// --host, --port, --allow and --token, with the program's name in front of its log lines.
ServerOptions server_options(CommandLine& args, std::string_view program,
                             std::uint16_t default_port = kDemoPort);

// --host and --port: the server to call.
Endpoint server_address(CommandLine& args, std::uint16_t default_port = kDemoPort);
// --token.
ClientOptions client_options(CommandLine& args);

// Call after reading every option. Throws rmi::Error (with the usage) for an option nobody read;
// prints the usage and returns true for --help, and the program then ends.
bool help_asked(const CommandLine& args);

}  // namespace rmi
