#pragma once
// How make bench measures: contenders of one group taken in turns, a slice of each at a time,
// so a slow spell of a shared machine falls on all of them alike, with the threads placed so
// that the raw baseline and the toolkit get the same cores.   See lectures/1-rpc.md#cost
#include <functional>
#include <string>
#include <vector>

namespace rmi::bench {

using Call = std::function<void()>;
using MakeCaller = std::function<Call()>;  // each caller has a connection of its own

struct Settings {
  int calls = 20'000;
  int warmup = 2'000;
  double seconds = 3;
  int clients = 4;
};

struct Contender {
  std::string name;
  MakeCaller make_caller;
};

struct Result {
  std::string name;
  double median_us = 0;
  double p99_us = 0;
  double calls_per_second = 0;
};

// Latency (one caller, settings.calls calls) and then throughput (settings.clients callers for
// settings.seconds) of every contender, in turns.
std::vector<Result> measure_in_turns(const std::vector<Contender>& group, const Settings& settings);

// Throughput only: each call() of a caller completes one call.
std::vector<Result> throughput_in_turns(const std::vector<Contender>& group,
                                        const Settings& settings);

}  // namespace rmi::bench
