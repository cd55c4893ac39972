// Stage 3 demo: exports a subclass and publishes it in the lookup service. by_class_client finds
// it by its base class's name.                             See lectures/3-lookup.md#the-demos
//
//   subclass_server [--host 127.0.0.1] [--port 0] [--advertise HOST]
//                   [--lookup HOST:PORT] [--broadcast] [--token SECRET] [--name demo.scientific]
//
// Prints "READY host:port" (its own object server), serves until Ctrl-C, then withdraws its name.
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include "stage1_rpc/program/options.hpp"
#include "stage1_rpc/program/program.hpp"
#include "stage1_rpc/program/server_program.hpp"
#include "stage3_lookup/demo/scientific_calculator.hpp"
#include "stage3_lookup/lookup/exporter.hpp"
#include "stage3_lookup/program/lookup_options.hpp"

int main(int argc, char** argv) try {
  rmi::ServerProgram program("subclass_server");
  rmi::CommandLine args(argc, argv,
                        "usage: subclass_server [--host HOST] [--port PORT] [--advertise HOST] " +
                            std::string(rmi::locate_usage()) + " [--name NAME]");
  const rmi::ServerOptions options = rmi::exporter_options(args, "subclass_server");
  const rmi::LocateOptions where = rmi::locate_options(args);
  const std::string name = args.text("--name", "demo.scientific");
  if (rmi::help_asked(args)) return EXIT_SUCCESS;

  rmi::Exporter exporter(rmi::LookupClient(rmi::locate_lookup_service(where), where.client),
                         options);
  const rmi::RemoteRef ref = exporter.publish(name, std::make_shared<demo::ScientificCalculator>());
  std::cerr << "[subclass_server] published " << name << ": " << ref.to_string() << std::endl;
  return program.serve(exporter.server());
} catch (const std::exception& e) {
  return rmi::report_failure("subclass_server", e);
}
