// Stage 4 demo, the lecture's values and references: finds demo.hello, takes a value and a
// reference from it, and asks each to say hello. The value says it here; the reference says it
// in hello_server.                                   See lectures/4-references.md#the-demos
//   hello_client [--name demo.hello] [--lookup HOST:PORT] [--broadcast] [--token SECRET]
#include <cstdlib>
#include <iostream>
#include <string>

#include "stage1_rpc/program/options.hpp"
#include "stage1_rpc/program/program.hpp"
#include "stage3_lookup/lookup/locate.hpp"
#include "stage3_lookup/lookup/lookup_client.hpp"
#include "stage3_lookup/program/lookup_options.hpp"
#include "stage4_references/demo/hello.hpp"

int main(int argc, char** argv) try {
  rmi::ignore_broken_pipes();
  rmi::CommandLine args(argc, argv,
                        "usage: hello_client [--name NAME] " + std::string(rmi::locate_usage()));
  const std::string name = args.text("--name", "demo.hello");
  const rmi::LocateOptions where = rmi::locate_options(args);
  if (rmi::help_asked(args)) return EXIT_SUCCESS;

  const rmi::LookupClient lookup(rmi::locate_lookup_service(where), where.client);
  const rmi::Proxy test(lookup.lookup(name));

  const demo::AsValue val = test.call(&demo::Test::get_value);
  const rmi::Remote<demo::AsReference> ref = test.call(&demo::Test::get_reference);
  std::cout << "val.hello():" << std::endl;
  val.hello();  // a copy: runs here
  std::cout << "ref.hello(): (look in hello_server's output)" << std::endl;
  ref.call(&demo::AsReference::hello);  // a reference: runs where the object is
  std::cout << "ref is " << ref.proxy().ref().to_string() << std::endl;
  return EXIT_SUCCESS;
} catch (const std::exception& e) {
  return rmi::report_failure("hello_client", e);
}
