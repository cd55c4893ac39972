// Stage 3 demo: the lecture's lookup('ServiceClass'). Finds a demo::Calculator — any instance of
// the class or of a subclass — by the class's name alone, calls it, and shows what an unknown
// class and a malformed name come back as.                 See lectures/3-lookup.md#the-demos
//
//   by_class_client [--lookup HOST:PORT] [--broadcast] [--token SECRET]
#include <cstdlib>
#include <iostream>
#include <string>

#include "stage1_rpc/program/options.hpp"
#include "stage1_rpc/program/program.hpp"
#include "stage2_rmi/rmi/proxy.hpp"
#include "stage3_lookup/lookup/locate.hpp"
#include "stage3_lookup/lookup/lookup_client.hpp"
#include "stage3_lookup/lookup/lookup_errors.hpp"
#include "stage3_lookup/program/lookup_options.hpp"

int main(int argc, char** argv) try {
  rmi::ignore_broken_pipes();
  rmi::CommandLine args(argc, argv, "usage: by_class_client " + std::string(rmi::locate_usage()));
  const rmi::LocateOptions where = rmi::locate_options(args);
  if (rmi::help_asked(args)) return EXIT_SUCCESS;
  const rmi::LookupClient lookup(rmi::locate_lookup_service(where), where.client);

  const auto found = lookup.find_class("demo::Calculator");
  if (!found) {
    std::cout << "no demo::Calculator is registered" << std::endl;
    return EXIT_FAILURE;
  }
  std::cout << "a demo::Calculator: " << found->class_name << " object " << found->object
            << std::endl;
  const rmi::Proxy calculator(*found);
  std::cout << "add(100, 222) = " << calculator.call<int>("add", 100, 222) << std::endl;
  // The base's methods, and the subclass's own: the reference says what the object is.
  if (found->is_a("demo::ScientificCalculator")) {
    std::cout << "power(2, 10) = " << calculator.call<double>("power", 2.0, 10.0) << std::endl;
  }
  std::cout << "instances of demo::Calculator: " << lookup.find_all("demo::Calculator").size()
            << std::endl;
  try {
    lookup.find_class("demo::Abacus");
  } catch (const rmi::NoSuchClass& e) {
    std::cout << "caught rmi::NoSuchClass: " << e.what() << std::endl;
  }
  try {
    lookup.find_class("demo::");
  } catch (const rmi::MalformedClassName& e) {
    std::cout << "caught rmi::MalformedClassName: " << e.what() << std::endl;
  }
  return EXIT_SUCCESS;
} catch (const std::exception& e) {
  return rmi::report_failure("by_class_client", e);
}
