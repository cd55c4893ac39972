// Pyro's cluster example, the client: finds each node's calculator by name, splits the array
// 0..6 into nearly equal parts (4 and 3 for two nodes), and for 5 steps of dt 0.5 has the nodes
// compute their parts at the same time, then prints the remote results beside a local check.
//                                                          See lectures/3-lookup.md#the-cluster
//   cluster_client [--nodes node1,node2] [--size 7] [--steps 5] [--work 0] [--time]
//                  [--lookup HOST:PORT] [--broadcast] [--token SECRET]
//
// --work N makes each element cost N steps of arithmetic at its node (the result is the same),
// and --time reports how long the steps took: the lecture's one-node-against-two measurement.
#include <chrono>
#include <cstdlib>
#include <future>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "stage1_rpc/program/options.hpp"
#include "stage1_rpc/program/program.hpp"
#include "stage2_rmi/rmi/proxy.hpp"
#include "stage3_lookup/lookup/locate.hpp"
#include "stage3_lookup/lookup/lookup_client.hpp"
#include "stage3_lookup/program/lookup_options.hpp"

namespace {

// Pyro's findArrayBounds: `parts` slices of [0, length) whose sizes differ by at most one, the
// longer ones first.
std::vector<std::pair<std::size_t, std::size_t>> split(std::size_t length, std::size_t parts) {
  parts = std::min(parts, length);
  std::vector<std::pair<std::size_t, std::size_t>> bounds;
  std::size_t lower = 0;
  for (std::size_t part = 0; part < parts; ++part) {
    const std::size_t upper = lower + length / parts + (part < length % parts ? 1 : 0);
    bounds.emplace_back(lower, upper);
    lower = upper;
  }
  return bounds;
}

std::string show(const std::vector<double>& values) {
  std::ostringstream text;
  text << "[";
  for (std::size_t i = 0; i < values.size(); ++i)
    text << (i == 0 ? "" : " ") << values[i];
  text << "]";
  return text.str();
}

}  // namespace

int main(int argc, char** argv) try {
  rmi::ignore_broken_pipes();
  rmi::CommandLine args(argc, argv,
                        "usage: cluster_client [--nodes node1,node2] [--size 7] [--steps 5] "
                        "[--work 0] [--time] " +
                            std::string(rmi::locate_usage()));
  std::vector<std::string> nodes;
  std::istringstream listed(args.text("--nodes", "node1,node2"));
  for (std::string node; std::getline(listed, node, ',');)
    if (!node.empty()) nodes.push_back(node);
  const std::size_t size = std::stoul(args.text("--size", "7"));
  const int steps = std::stoi(args.text("--steps", "5"));
  const int work = std::stoi(args.text("--work", "0"));
  const bool timed = args.flag("--time");
  const rmi::LocateOptions where = rmi::locate_options(args);
  if (rmi::help_asked(args)) return EXIT_SUCCESS;
  if (nodes.empty() || size == 0) throw rmi::Error("give at least one node and element");

  constexpr double kOffset = 3, kMultiplier = 5, kDeltaT = 0.5;
  const rmi::LookupClient lookup(rmi::locate_lookup_service(where), where.client);
  std::vector<rmi::Proxy> calculators;
  for (const std::string& node : nodes) {
    calculators.emplace_back(lookup.lookup("calculator_" + node));
    calculators.back().call<void>("set_parameters", kOffset, kMultiplier);
  }
  const auto bounds = split(size, calculators.size());
  std::vector<double> numbers(size);
  for (std::size_t i = 0; i < size; ++i)
    numbers[i] = static_cast<double>(i);

  const auto started = std::chrono::steady_clock::now();
  double t = 0;
  for (int step = 0; step < steps; ++step, t += kDeltaT) {
    // Every node computes its part at the same time; the client waits for all of them.
    std::vector<std::future<std::vector<double>>> parts;
    for (std::size_t n = 0; n < bounds.size(); ++n) {
      const std::vector<double> part(numbers.begin() + bounds[n].first,
                                     numbers.begin() + bounds[n].second);
      parts.push_back(calculators[n].call_async<std::vector<double>>("calculate", part, t, work));
    }
    std::vector<double> remote;
    for (auto& part : parts) {
      const std::vector<double> values = part.get();
      remote.insert(remote.end(), values.begin(), values.end());
    }
    std::vector<double> local;
    for (const double x : numbers)
      local.push_back((kOffset + x * kMultiplier) * t);
    std::cout << "t=" << std::fixed << std::setprecision(1) << t << std::defaultfloat << "  remote "
              << show(remote) << "  local " << show(local) << (remote == local ? "" : "  DIFFERENT")
              << std::endl;
  }
  if (timed) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    std::cout << steps << " steps on " << calculators.size() << " node(s): " << ms.count() << " ms"
              << std::endl;
  }
  return EXIT_SUCCESS;
} catch (const std::exception& e) {
  return rmi::report_failure("cluster_client", e);
}
