// Stage 3 demo of RMI.7*: finds an object that another client exports from its own host
// (export_client), and calls it there, directly — the lookup service only said where it is.
//                                                          See lectures/3-lookup.md#the-demos
//   find_client [--name demo.notebook] [--note TEXT] [--lookup HOST:PORT] [--broadcast]
//               [--token SECRET]
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "stage1_rpc/core/printable.hpp"
#include "stage1_rpc/program/options.hpp"
#include "stage1_rpc/program/program.hpp"
#include "stage2_rmi/rmi/proxy.hpp"
#include "stage3_lookup/lookup/locate.hpp"
#include "stage3_lookup/lookup/lookup_client.hpp"
#include "stage3_lookup/program/lookup_options.hpp"

int main(int argc, char** argv) try {
  rmi::ignore_broken_pipes();
  rmi::CommandLine args(
      argc, argv,
      "usage: find_client [--name NAME] [--note TEXT] " + std::string(rmi::locate_usage()));
  const std::string name = args.text("--name", "demo.notebook");
  const std::string note = args.text("--note", "hello from find_client");
  const rmi::LocateOptions where = rmi::locate_options(args);
  if (rmi::help_asked(args)) return EXIT_SUCCESS;

  const rmi::LookupClient lookup(rmi::locate_lookup_service(where), where.client);
  const rmi::RemoteRef ref = lookup.lookup(name);
  std::cout << name << " is " << ref.to_string() << std::endl;
  const rmi::Proxy notebook(ref);  // the exporter's host, not the lookup service's
  std::cout << "notes now: " << notebook.call<int>("write", note) << std::endl;
  for (const std::string& line : notebook.call<std::vector<std::string>>("read"))
    std::cout << "  " << rmi::printable(line, 1000) << std::endl;
  return EXIT_SUCCESS;
} catch (const std::exception& e) {
  return rmi::report_failure("find_client", e);
}
