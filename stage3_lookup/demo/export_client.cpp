// Stage 3 demo of RMI.7*: a client program that exports an object of its own, from its own host,
// through the lookup service; find_client, on any host, finds it and calls it here, directly.
//                                                          See lectures/3-lookup.md#the-demos
//   export_client [--name demo.notebook] [--host 127.0.0.1] [--port 0] [--advertise HOST]
//                 [--lookup HOST:PORT] [--broadcast] [--token SECRET]
//
// Prints "READY host:port" (where its own object server listens), then each note that arrives,
// until Ctrl-C; then it withdraws its name.
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include "stage1_rpc/core/printable.hpp"
#include "stage1_rpc/program/options.hpp"
#include "stage1_rpc/program/program.hpp"
#include "stage1_rpc/program/server_program.hpp"
#include "stage3_lookup/demo/notebook.hpp"
#include "stage3_lookup/lookup/exporter.hpp"
#include "stage3_lookup/program/lookup_options.hpp"

int main(int argc, char** argv) try {
  rmi::ServerProgram program("export_client");
  rmi::CommandLine args(argc, argv,
                        "usage: export_client [--name NAME] [--host HOST] [--port PORT] "
                        "[--advertise HOST] " +
                            std::string(rmi::locate_usage()));
  const std::string name = args.text("--name", "demo.notebook");
  const rmi::ServerOptions options = rmi::exporter_options(args, "export_client");
  const rmi::LocateOptions where = rmi::locate_options(args);
  if (rmi::help_asked(args)) return EXIT_SUCCESS;

  rmi::Exporter exporter(rmi::LookupClient(rmi::locate_lookup_service(where), where.client),
                         options);
  const auto notebook = std::make_shared<demo::Notebook>();
  const rmi::RemoteRef ref = exporter.publish(name, notebook);
  std::cerr << "[export_client] published " << name << ": " << ref.to_string() << std::endl;
  const int status = program.serve(exporter.server());
  for (const std::string& note : notebook->read())  // what others wrote, printed here
    std::cout << "note: " << rmi::printable(note, 1000) << std::endl;
  return status;
} catch (const std::exception& e) {
  return rmi::report_failure("export_client", e);
}
