// Stage 4 demo, distributed garbage collection: publishes a Store as demo.store. Each item it
// makes is exported by reference and lives while someone holds a reference to it; lookup_tool
// inspect shows who holds which, and until when.     See lectures/4-references.md#the-demos
//   store_server [--name demo.store] [--host 127.0.0.1] [--port 0] [--advertise HOST]
//                [--lease MS] [--lookup HOST:PORT] [--broadcast] [--token SECRET]
//
// Prints "READY host:port" and serves until Ctrl-C.
#include <cstdlib>
#include <memory>
#include <string>

#include "stage1_rpc/program/options.hpp"
#include "stage1_rpc/program/program.hpp"
#include "stage1_rpc/program/server_program.hpp"
#include "stage3_lookup/lookup/exporter.hpp"
#include "stage3_lookup/program/lookup_options.hpp"
#include "stage4_references/demo/store.hpp"
#include "stage4_references/program/home_options.hpp"

int main(int argc, char** argv) try {
  rmi::ServerProgram program("store_server");
  rmi::CommandLine args(argc, argv,
                        "usage: store_server [--name NAME] [--host HOST] [--port PORT] "
                        "[--advertise HOST] " +
                            std::string(rmi::home_usage()) + " " +
                            std::string(rmi::locate_usage()));
  const std::string name = args.text("--name", "demo.store");
  const rmi::ServerOptions options = rmi::exporter_options(args, "store_server");
  rmi::Home::configure(rmi::home_options(args, options));
  const rmi::LocateOptions where = rmi::locate_options(args);
  if (rmi::help_asked(args)) return EXIT_SUCCESS;

  rmi::Exporter exporter(rmi::LookupClient(rmi::locate_lookup_service(where), where.client),
                         options);
  exporter.server().add_inspector([] { return rmi::Home::here().inspect(); });
  exporter.publish(name, std::make_shared<demo::Store>(), {.thread_safe = true});
  return program.serve(exporter.server());
} catch (const std::exception& e) {
  return rmi::report_failure("store_server", e);
}
