// Stage 4 demo, the lecture's values and references: publishes a Test as demo.hello. A caller's
// AsValue says hello in the caller; its AsReference says hello here.
//                                                    See lectures/4-references.md#the-demos
//   hello_server [--name demo.hello] [--host 127.0.0.1] [--port 0] [--advertise HOST]
//                [--lease MS] [--lookup HOST:PORT] [--broadcast] [--token SECRET]
//
// Prints "READY host:port", then "here I am, in hello_server" each time a caller's reference
// says hello, until Ctrl-C.
#include <cstdlib>
#include <memory>
#include <string>

#include "stage1_rpc/program/options.hpp"
#include "stage1_rpc/program/program.hpp"
#include "stage1_rpc/program/server_program.hpp"
#include "stage3_lookup/lookup/exporter.hpp"
#include "stage3_lookup/program/lookup_options.hpp"
#include "stage4_references/demo/hello.hpp"
#include "stage4_references/program/home_options.hpp"

int main(int argc, char** argv) try {
  rmi::ServerProgram program("hello_server");
  rmi::CommandLine args(argc, argv,
                        "usage: hello_server [--name NAME] [--host HOST] [--port PORT] "
                        "[--advertise HOST] " +
                            std::string(rmi::home_usage()) + " " +
                            std::string(rmi::locate_usage()));
  const std::string name = args.text("--name", "demo.hello");
  const rmi::ServerOptions options = rmi::exporter_options(args, "hello_server");
  rmi::Home::configure(rmi::home_options(args, options));
  const rmi::LocateOptions where = rmi::locate_options(args);
  if (rmi::help_asked(args)) return EXIT_SUCCESS;

  rmi::Exporter exporter(rmi::LookupClient(rmi::locate_lookup_service(where), where.client),
                         options);
  exporter.server().add_inspector([] { return rmi::Home::here().inspect(); });
  exporter.publish(name, std::make_shared<demo::Test>());
  return program.serve(exporter.server());
} catch (const std::exception& e) {
  return rmi::report_failure("hello_server", e);
}
