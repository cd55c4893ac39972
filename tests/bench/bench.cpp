// make bench: the latency and throughput of calls through the toolkit, measured in the same
// run as the same exchange over bare sockets, so that only the ratios matter (absolute figures
// move by a quarter between runs on a shared machine).     See lectures/1-rpc.md#cost
//
//   bench [--calls 20000] [--warmup 2000] [--seconds 3] [--clients 4] [--quick]
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "stage1_rpc/core/command_line.hpp"
#include "stage1_rpc/rpc/function_server.hpp"
#include "stage1_rpc/rpc/remote_function.hpp"
#include "stage2_rmi/rmi/object_server.hpp"
#include "stage2_rmi/rmi/proxy.hpp"
#include "stage3_lookup/lookup/lookup_client.hpp"
#include "stage3_lookup/lookup/lookup_service.hpp"
#include "stage4_references/demo/store.hpp"
#include "tests/bench/bench_objects.hpp"
#include "tests/bench/forked_server.hpp"
#include "tests/bench/raw_ping_pong.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using Call = std::function<void()>;
using MakeCaller = std::function<Call()>;  // each caller has a connection of its own

struct Settings {
  int calls = 20'000;
  int warmup = 2'000;
  double seconds = 3;
  int clients = 4;
};

struct Result {
  std::string name;
  double median_us = 0;
  double p99_us = 0;
  double calls_per_second = 0;
};

// The contenders of a group are measured in turns, a slice of each at a time, so that a slow
// spell of a shared machine (its other tenants, a CPU frequency change) falls on all of them
// alike: measured one after the other, a raw baseline timed in a fast spell made the toolkit
// look 1.5 times slower than raw in one run and faster than raw in another.
constexpr int kSlices = 10;

struct Contender {
  std::string name;
  MakeCaller make_caller;
};

// Where the scheduler puts the two ends of a loopback exchange changes its latency by half (on
// one core, a wake-up needs no interrupt between cores), and in one run it may place the raw
// baseline one way and the toolkit the other. So while latency is measured, the calling thread
// runs on core 0 and every other thread of the process (the servers') on core 1; threads inherit
// their creator's cores, so a server's new connection threads land on core 1 too. For throughput
// every thread may run anywhere again. Linux only (/proc/self/task); false if not done.
bool place_threads(bool confined) {
  const unsigned cores = std::thread::hardware_concurrency();
  if (cores < 2) return false;
  const auto mask = [&](int only) {
    cpu_set_t set;
    CPU_ZERO(&set);
    for (unsigned core = 0; core < cores; ++core)
      if (only < 0 || static_cast<int>(core) == only) CPU_SET(core, &set);
    return set;
  };
  const pid_t self = static_cast<pid_t>(::syscall(SYS_gettid));
  bool done = true;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    const pid_t thread = std::stoi(task.path().filename().string());
    const cpu_set_t set = mask(confined ? (thread == self ? 0 : 1) : -1);
    done = ::sched_setaffinity(thread, sizeof set, &set) == 0 && done;
  }
  return done;
}

// Calls as fast as `clients` threads can for `seconds`, each on a caller of its own.
long calls_made(const MakeCaller& make_caller, int clients, double seconds) {
  std::atomic<bool> stop{false};
  std::atomic<long> total{0};
  {
    std::vector<std::jthread> threads;
    for (int c = 0; c < clients; ++c) {
      threads.emplace_back([&] {
        Call call = make_caller();
        long done = 0;
        while (!stop.load(std::memory_order_relaxed)) {
          call();
          ++done;
        }
        total += done;
      });
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop = true;
  }
  return total;
}

std::vector<Result> measure_in_turns(const std::vector<Contender>& group,
                                     const Settings& settings) {
  const bool confined = place_threads(true);
  std::vector<Call> callers;
  for (const Contender& contender : group) {
    callers.push_back(contender.make_caller());
    for (int i = 0; i < settings.warmup; ++i)
      callers.back()();
  }
  std::vector<std::vector<double>> micros(group.size());
  for (int slice = 0; slice < kSlices; ++slice) {
    for (std::size_t c = 0; c < group.size(); ++c) {
      for (int i = 0; i < std::max(1, settings.calls / kSlices); ++i) {
        const auto start = Clock::now();
        callers[c]();
        micros[c].push_back(
            std::chrono::duration<double, std::micro>(Clock::now() - start).count());
      }
    }
  }
  // Their connections close before the clients of the throughput slices open theirs.
  callers.clear();
  if (confined) place_threads(false);
  std::vector<long> calls(group.size(), 0);
  for (int slice = 0; slice < kSlices; ++slice) {
    for (std::size_t c = 0; c < group.size(); ++c)
      calls[c] += calls_made(group[c].make_caller, settings.clients, settings.seconds / kSlices);
  }
  std::vector<Result> results;
  for (std::size_t c = 0; c < group.size(); ++c) {
    std::sort(micros[c].begin(), micros[c].end());
    results.push_back({group[c].name, micros[c][micros[c].size() / 2],
                       micros[c][micros[c].size() * 99 / 100],
                       static_cast<double>(calls[c]) / settings.seconds});
  }
  return results;
}

void print_row(const Result& row, const Result& baseline) {
  std::printf("  %-44s %8.1f µs %8.1f µs %6.2fx %11.0f/s %6.2fx\n", row.name.c_str(), row.median_us,
              row.p99_us, row.median_us / baseline.median_us, row.calls_per_second,
              row.calls_per_second / baseline.calls_per_second);
}

void verdict(const char* what, double ratio, double bound, bool at_most) {
  const bool met = at_most ? ratio <= bound : ratio >= bound;
  std::printf("  %-58s %5.2fx  (target %s %.1fx)  %s\n", what, ratio, at_most ? "<=" : ">=", bound,
              met ? "met" : "MISSED");
}

}  // namespace

int main(int argc, char** argv) try {
  rmi::bench::ForkedServer stage4_server;  // first: it forks, and a fork wants one thread
  rmi::CommandLine args(
      argc, argv, "usage: bench [--calls N] [--warmup N] [--seconds S] [--clients N] [--quick]");
  Settings settings;
  if (args.flag("--quick")) settings = Settings{2'000, 200, 0.5, 4};
  settings.calls = std::stoi(args.text("--calls", std::to_string(settings.calls)));
  settings.warmup = std::stoi(args.text("--warmup", std::to_string(settings.warmup)));
  settings.seconds = std::stod(args.text("--seconds", std::to_string(settings.seconds)));
  settings.clients = std::stoi(args.text("--clients", std::to_string(settings.clients)));
  if (args.finish()) return 0;

  std::printf(
      "RMI toolkit bench: loopback, -O2, no sanitizers; latency over %d calls after %d "
      "warm-up calls,\nthroughput with %d clients for %.1f s; each group measured in turns, a "
      "tenth at a time;\nfor latency the caller runs on core 0 and the servers on core 1. Ratios "
      "are "
      "to the raw\nbaseline of the same group, in this run.\n\n",
      settings.calls, settings.warmup, settings.clients, settings.seconds);

  rmi::ServerOptions quiet;
  quiet.log = [](std::string_view) {};
  quiet.trace = false;
  rmi::ClientOptions client_options;
  client_options.trace = false;

  rmi::bench::RawServer raw(true);
  rmi::FunctionServer functions(quiet);
  functions.bind("add", [](int a, int b) { return a + b; });
  functions.start();
  rmi::ObjectServer objects(quiet);
  objects.add(std::make_shared<bench_objects::Adder>(), {.id = 1});
  objects.start();
  rmi::bench::RawServer raw_per_call(false);
  rmi::ServerOptions lecture = quiet;
  lecture.policy = rmi::ConnectionPolicy::OneCallPerConnection;
  rmi::FunctionServer lecture_server(lecture);
  lecture_server.bind("add", [](int a, int b) { return a + b; });
  lecture_server.start();
  rmi::ClientOptions per_call = client_options;
  per_call.connect_per_call = true;
  std::printf("  %-44s %11s %11s %7s %13s %7s\n", "", "median", "p99", "ratio", "throughput",
              "ratio");

  // Persistent connections.
  const std::vector<Result> persistent = measure_in_turns(
      {{"raw TCP ping-pong, one connection",
        [&raw] {
          return [client = std::make_shared<rmi::bench::RawClient>(raw.port())] {
            client->exchange();
          };
        }},
       {"stage 1 RemoteFunction add(int, int)",
        [&] {
          auto server = std::make_shared<rmi::Connection>(functions.endpoint(), client_options);
          return [add = rmi::RemoteFunction<int(int, int)>(server, "add")] { add(2, 3); };
        }},
       {"stage 2 Proxy method add(int, int)",
        [&] {
          const rmi::Proxy adder(
              std::make_shared<rmi::Connection>(objects.endpoint(), client_options), 1);
          return [add = adder.method<int(int, int)>("add")] { add(2, 3); };
        }}},
      settings);
  const Result& raw_persistent = persistent[0];
  const Result& stage1 = persistent[1];
  const Result& stage2 = persistent[2];
  std::printf("persistent connection\n");
  for (const Result& row : persistent)
    print_row(row, raw_persistent);

  // A new connection for every call: the lecture's loop.
  const std::vector<Result> connecting = measure_in_turns(
      {{"raw TCP, connect per call",
        [&raw_per_call] {
          return [port = raw_per_call.port()] { rmi::bench::raw_exchange_on_new_connection(port); };
        }},
       {"stage 1 lecture loop add(int, int)",
        [&] {
          auto server = std::make_shared<rmi::Connection>(lecture_server.endpoint(), per_call);
          return [add = rmi::RemoteFunction<int(int, int)>(server, "add")] { add(2, 3); };
        }}},
      settings);
  const Result& raw_connect = connecting[0];
  const Result& stage1_connect = connecting[1];
  std::printf("connect per call\n");
  for (const Result& row : connecting)
    print_row(row, raw_connect);

  // Stage 3: looking an object up by name, against a plain call on the same kind of server.
  rmi::ObjectServer lookup_server(quiet);
  rmi::export_lookup_service(
      lookup_server,
      std::make_shared<rmi::LookupService>(rmi::LookupOptions{.log = [](std::string_view) {}}));
  lookup_server.start();
  rmi::LookupClient(lookup_server.endpoint(), client_options)
      .bind("bench.adder", objects.ref(1), "bench");
  const std::vector<Result> looking_up = measure_in_turns(
      {{"raw TCP ping-pong, one connection",
        [&raw] {
          return [client = std::make_shared<rmi::bench::RawClient>(raw.port())] {
            client->exchange();
          };
        }},
       {"stage 2 Proxy method add(int, int)",
        [&] {
          const rmi::Proxy adder(
              std::make_shared<rmi::Connection>(objects.endpoint(), client_options), 1);
          return [add = adder.method<int(int, int)>("add")] { add(2, 3); };
        }},
       {"stage 3 lookup(\"bench.adder\")",
        [&] {
          auto lookup =
              std::make_shared<rmi::LookupClient>(lookup_server.endpoint(), client_options);
          return [lookup] { lookup->lookup("bench.adder"); };
        }}},
      settings);
  std::printf("a lookup by name\n");
  for (const Result& row : looking_up)
    print_row(row, looking_up[0]);
  std::printf("  a lookup costs %.2fx a plain call's latency\n",
              looking_up[2].median_us / looking_up[1].median_us);

  // Stage 4: references and callbacks, against a plain call to the same server process.
  const rmi::Endpoint forked{"127.0.0.1", stage4_server.port()};
  const std::vector<Result> references = measure_in_turns(
      {{"raw TCP ping-pong, one connection",
        [&raw] {
          return [client = std::make_shared<rmi::bench::RawClient>(raw.port())] {
            client->exchange();
          };
        }},
       {"stage 2 Proxy method add(int, int)",
        [&] {
          const rmi::Proxy adder(std::make_shared<rmi::Connection>(forked, client_options), 2);
          return [add = adder.method<int(int, int)>("add")] { add(2, 3); };
        }},
       {"stage 4 make(int), returns a reference",
        [&] {
          const rmi::Proxy store(std::make_shared<rmi::Connection>(forked, client_options), 1);
          return [make = store.method(&demo::Store::make)] { make(1); };
        }},
       {"stage 4 number_of(mine): one callback",
        [&] {
          const rmi::Proxy store(std::make_shared<rmi::Connection>(forked, client_options), 1);
          return [number_of = store.method(&demo::Store::number_of),
                  mine = rmi::Remote<demo::Item>(std::make_shared<demo::Item>(7))] {
            number_of(mine);
          };
        }}},
      settings);
  std::printf("references and callbacks (the server in a process of its own)\n");
  for (const Result& row : references)
    print_row(row, references[0]);
  std::printf(
      "  a call that returns a reference costs %.2fx a plain call's latency;\n"
      "  a call with one callback into the caller %.2fx\n",
      references[2].median_us / references[1].median_us,
      references[3].median_us / references[1].median_us);

  std::printf("\ntargets (same run)\n");
  verdict("stage 1 persistent latency / raw", stage1.median_us / raw_persistent.median_us, 1.2,
          true);
  verdict("stage 1 connect-per-call latency / raw connect-per-call",
          stage1_connect.median_us / raw_connect.median_us, 1.2, true);
  verdict("stage 1 throughput / raw", stage1.calls_per_second / raw_persistent.calls_per_second,
          0.7, false);
  verdict("stage 2 persistent latency / raw", stage2.median_us / raw_persistent.median_us, 1.2,
          true);
  verdict("stage 2 throughput / raw", stage2.calls_per_second / raw_persistent.calls_per_second,
          0.7, false);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "bench: %s\n", e.what());
  return 1;
}
