// Stage 4 demo, distributed garbage collection: takes COUNT items from demo.store — each a new
// object exported by reference — and drops them; the store's server shows them exported while
// they are held, and released once they are dropped.  See lectures/4-references.md#the-demos
//   gc_client [--count 1000] [--hold] [--name demo.store] [--lookup HOST:PORT] [--broadcast]
//             [--token SECRET]
// --hold keeps the items until the program is killed (after printing "HOLDING"): kill it with -9,
// and the store's server releases them once their leases run out.
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "stage1_rpc/core/printable.hpp"
#include "stage1_rpc/program/options.hpp"
#include "stage1_rpc/program/program.hpp"
#include "stage3_lookup/lookup/locate.hpp"
#include "stage3_lookup/lookup/lookup_client.hpp"
#include "stage3_lookup/program/lookup_options.hpp"
#include "stage4_references/demo/store.hpp"

namespace {

int count_option(const std::string& text) {
  int count = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, count);
  if (error != std::errc{} || stop != end || count < 1 || count > 1'000'000) {
    throw rmi::Error("--count " + rmi::printable(text) + ": give a number from 1 to 1000000");
  }
  return count;
}

// How many objects the server at `server` exports by reference, as its rmi.inspect says: a line
// "exports object 7 ..." for each of the first 10,000, then "exports and 2000 more objects ...".
std::size_t exported_by_reference(const rmi::Endpoint& server) {
  const rmi::Proxy functions(rmi::RemoteRef{server, rmi::kFunctions, rmi::kAnyRun, {}, {}});
  std::size_t count = 0;
  for (const std::string& line : functions.call<std::vector<std::string>>("rmi.inspect")) {
    const std::string_view more = "exports and ";
    std::size_t not_described = 0;
    if (line.rfind(more, 0) == 0) {
      std::from_chars(line.data() + more.size(), line.data() + line.size(), not_described);
      count += not_described;
    } else if (line.rfind("exports ", 0) == 0) {
      ++count;
    }
  }
  return count;
}

}  // namespace

int main(int argc, char** argv) try {
  rmi::ignore_broken_pipes();
  rmi::CommandLine args(
      argc, argv,
      "usage: gc_client [--count N] [--hold] [--name NAME] " + std::string(rmi::locate_usage()));
  const int count = count_option(args.text("--count", "1000"));
  const bool hold = args.flag("--hold");
  const std::string name = args.text("--name", "demo.store");
  const rmi::LocateOptions where = rmi::locate_options(args);
  if (rmi::help_asked(args)) return EXIT_SUCCESS;

  const rmi::LookupClient lookup(rmi::locate_lookup_service(where), where.client);
  const rmi::RemoteRef store_ref = lookup.lookup(name);
  const rmi::Proxy store(store_ref);
  std::cout << "the store's server exports " << exported_by_reference(store_ref.endpoint)
            << " objects by reference" << std::endl;

  std::vector<rmi::Remote<demo::Item>> items;
  long sum = 0;
  for (int i = 1; i <= count; ++i) {
    items.push_back(store.call(&demo::Store::make, i));
    sum += items.back().call(&demo::Item::number);  // each runs in the store's process
  }
  std::cout << "holding " << items.size() << " items, numbered 1 to " << count << " (sum " << sum
            << "); the first is " << items.front().proxy().ref().to_string() << std::endl;
  std::cout << "the store's server exports " << exported_by_reference(store_ref.endpoint)
            << " objects by reference" << std::endl;

  if (hold) {
    std::cout << "HOLDING" << std::endl;
    for (;;)
      std::this_thread::sleep_for(std::chrono::hours(1));
  }

  items.clear();  // never blocks: this process's keeper tells the store, on its own thread
  const auto dropped = std::chrono::steady_clock::now();
  const auto deadline = dropped + std::chrono::seconds(30);
  std::size_t left = 0;
  while ((left = exported_by_reference(store_ref.endpoint)) > 0 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - dropped);
  std::cout << "dropped them; " << took.count() << " ms later the store's server exports " << left
            << " objects by reference" << std::endl;
  return left == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
} catch (const std::exception& e) {
  return rmi::report_failure("gc_client", e);
}
