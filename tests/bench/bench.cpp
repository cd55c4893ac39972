// make bench: the latency and throughput of calls through the toolkit, measured in the same
// run as the same exchange over bare sockets, so that only the ratios matter (absolute figures
// move by a quarter between runs on a shared machine).     See lectures/1-rpc.md#cost
//
//   bench [--calls 20000] [--warmup 2000] [--seconds 3] [--clients 4] [--quick]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
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
#include "tests/bench/raw_ping_pong.hpp"

namespace bench_objects {
struct Adder {
  int add(int a, int b) { return a + b; }
};
}  // namespace bench_objects

template <>
struct rmi::Exposed<bench_objects::Adder> {
  static void members(Members<bench_objects::Adder>& expose) {
    expose.method("add", &bench_objects::Adder::add);
  }
};

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

Result measure(const std::string& name, const MakeCaller& make_caller, const Settings& settings) {
  Result result{name};
  {
    Call call = make_caller();
    for (int i = 0; i < settings.warmup; ++i)
      call();
    std::vector<double> micros(static_cast<std::size_t>(settings.calls));
    for (double& us : micros) {
      const auto start = Clock::now();
      call();
      us = std::chrono::duration<double, std::micro>(Clock::now() - start).count();
    }
    std::sort(micros.begin(), micros.end());
    result.median_us = micros[micros.size() / 2];
    result.p99_us = micros[micros.size() * 99 / 100];
  }
  std::atomic<bool> stop{false};
  std::atomic<long> total{0};
  {
    std::vector<std::jthread> clients;
    for (int c = 0; c < settings.clients; ++c) {
      clients.emplace_back([&] {
        Call call = make_caller();
        long done = 0;
        while (!stop.load(std::memory_order_relaxed)) {
          call();
          ++done;
        }
        total += done;
      });
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(settings.seconds));
    stop = true;
  }
  result.calls_per_second = static_cast<double>(total) / settings.seconds;
  return result;
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
      "warm-up calls,\nthroughput with %d clients for %.1f s. Ratios are to the raw "
      "baseline of the same group, in this run.\n\n",
      settings.calls, settings.warmup, settings.clients, settings.seconds);
  std::printf("  %-44s %11s %11s %7s %13s %7s\n", "", "median", "p99", "ratio", "throughput",
              "ratio");

  rmi::ServerOptions quiet;
  quiet.log = [](std::string_view) {};
  quiet.trace = false;
  rmi::ClientOptions client_options;
  client_options.trace = false;

  // Persistent connections.
  rmi::bench::RawServer raw(true);
  const Result raw_persistent = measure(
      "raw TCP ping-pong, one connection",
      [&raw] {
        return
            [client = std::make_shared<rmi::bench::RawClient>(raw.port())] { client->exchange(); };
      },
      settings);
  rmi::FunctionServer functions(quiet);
  functions.bind("add", [](int a, int b) { return a + b; });
  functions.start();
  const Result stage1 = measure(
      "stage 1 RemoteFunction add(int, int)",
      [&] {
        auto server = std::make_shared<rmi::Connection>(functions.endpoint(), client_options);
        return [add = rmi::RemoteFunction<int(int, int)>(server, "add")] { add(2, 3); };
      },
      settings);
  rmi::ObjectServer objects(quiet);
  objects.add(std::make_shared<bench_objects::Adder>(), {.id = 1});
  objects.start();
  const Result stage2 = measure(
      "stage 2 Proxy method add(int, int)",
      [&] {
        const rmi::Proxy adder(
            std::make_shared<rmi::Connection>(objects.endpoint(), client_options), 1);
        return [add = adder.method<int(int, int)>("add")] { add(2, 3); };
      },
      settings);
  std::printf("persistent connection\n");
  print_row(raw_persistent, raw_persistent);
  print_row(stage1, raw_persistent);
  print_row(stage2, raw_persistent);

  // A new connection for every call: the lecture's loop.
  rmi::bench::RawServer raw_per_call(false);
  const Result raw_connect = measure(
      "raw TCP, connect per call",
      [&raw_per_call] {
        return [port = raw_per_call.port()] { rmi::bench::raw_exchange_on_new_connection(port); };
      },
      settings);
  rmi::ServerOptions lecture = quiet;
  lecture.policy = rmi::ConnectionPolicy::OneCallPerConnection;
  rmi::FunctionServer lecture_server(lecture);
  lecture_server.bind("add", [](int a, int b) { return a + b; });
  lecture_server.start();
  rmi::ClientOptions per_call = client_options;
  per_call.connect_per_call = true;
  const Result stage1_connect = measure(
      "stage 1 lecture loop add(int, int)",
      [&] {
        auto server = std::make_shared<rmi::Connection>(lecture_server.endpoint(), per_call);
        return [add = rmi::RemoteFunction<int(int, int)>(server, "add")] { add(2, 3); };
      },
      settings);
  std::printf("connect per call\n");
  print_row(raw_connect, raw_connect);
  print_row(stage1_connect, raw_connect);

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
