// Stage 4 demo, callbacks: publishes a chat Room as demo.chat. Clients join with a Listener each
// (exported from their own hosts); the room calls them back with every message, and drops a
// listener it cannot reach.                          See lectures/4-references.md#the-demos
//   chat_server [--name demo.chat] [--host 127.0.0.1] [--port 0] [--advertise HOST]
//               [--lease MS] [--lookup HOST:PORT] [--broadcast] [--token SECRET]
//
// Prints "READY host:port", then who joins, leaves and is gone, until Ctrl-C.
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include "stage1_rpc/core/printable.hpp"
#include "stage1_rpc/program/options.hpp"
#include "stage1_rpc/program/program.hpp"
#include "stage1_rpc/program/server_program.hpp"
#include "stage3_lookup/lookup/exporter.hpp"
#include "stage3_lookup/program/lookup_options.hpp"
#include "stage4_references/demo/chat.hpp"
#include "stage4_references/program/home_options.hpp"

int main(int argc, char** argv) try {
  rmi::ServerProgram program("chat_server");
  rmi::CommandLine args(argc, argv,
                        "usage: chat_server [--name NAME] [--host HOST] [--port PORT] "
                        "[--advertise HOST] " +
                            std::string(rmi::home_usage()) + " " +
                            std::string(rmi::locate_usage()));
  const std::string name = args.text("--name", "demo.chat");
  const rmi::ServerOptions options = rmi::exporter_options(args, "chat_server");
  rmi::Home::configure(rmi::home_options(args, options));
  const rmi::LocateOptions where = rmi::locate_options(args);
  if (rmi::help_asked(args)) return EXIT_SUCCESS;

  rmi::Exporter exporter(rmi::LookupClient(rmi::locate_lookup_service(where), where.client),
                         options);
  exporter.server().add_inspector([] { return rmi::Home::here().inspect(); });
  // The room guards its members itself and calls listeners with no lock held: its calls may run
  // at once, and a listener may call the room back while it hears.
  exporter.publish(name, std::make_shared<demo::Room>([](const std::string& event) {
                     std::cout << "[room] " << rmi::one_line(event) << std::endl;
                   }),
                   {.thread_safe = true});
  return program.serve(exporter.server());
} catch (const std::exception& e) {
  return rmi::report_failure("chat_server", e);
}
