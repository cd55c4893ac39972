// Pyro's cluster example, a node: exports an array calculator from this host and publishes it as
// calculator_<node>, renewing its lease until stopped.     See lectures/3-lookup.md#the-cluster
//
//   cluster_node --node NODE [--host 127.0.0.1] [--port 0] [--advertise HOST]
//                [--lookup HOST:PORT] [--broadcast] [--token SECRET]
//
// On a real network: cluster_node --node node1 --host 0.0.0.0 --advertise node1.example.org
#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "stage1_rpc/program/options.hpp"
#include "stage1_rpc/program/program.hpp"
#include "stage1_rpc/program/server_program.hpp"
#include "stage3_lookup/demo/array_calculator.hpp"
#include "stage3_lookup/lookup/exporter.hpp"
#include "stage3_lookup/lookup/names.hpp"
#include "stage3_lookup/program/lookup_options.hpp"

int main(int argc, char** argv) try {
  rmi::ServerProgram program("cluster_node");
  rmi::CommandLine args(argc, argv,
                        "usage: cluster_node --node NODE [--host HOST] [--port PORT] "
                        "[--advertise HOST] " +
                            std::string(rmi::locate_usage()));
  const std::string node = args.text("--node", "");
  const rmi::ServerOptions options = rmi::exporter_options(args, "cluster_node " + node);
  const rmi::LocateOptions where = rmi::locate_options(args);
  if (rmi::help_asked(args)) return EXIT_SUCCESS;
  if (node.empty()) throw rmi::Error("say which node this is: --node node1");
  rmi::check_name("calculator_" + node);

  rmi::Exporter exporter(rmi::LookupClient(rmi::locate_lookup_service(where), where.client),
                         options);
  exporter.publish("calculator_" + node, std::make_shared<demo::ArrayCalculator>(),
                   {.id = std::nullopt, .thread_safe = true});
  std::cerr << "[cluster_node " << node << "] calculator_" << node << " is ready" << std::endl;
  return program.serve(exporter.server());
} catch (const std::exception& e) {
  return rmi::report_failure("cluster_node", e);
}
