// make bench: the latency and throughput of calls through the toolkit, measured in the same
// run as the same exchange over bare sockets, so that only the ratios matter (absolute figures
// move by a quarter between runs on a shared machine); then calls kept in flight against calls
// in lockstep, a crowd of clients beyond a server's slots and what one knock costs, a lookup,
// and stage 4's references and callbacks.  See lectures/1-rpc.md#cost and
// lectures/4-references.md#cost
//
//   bench [--calls 20000] [--warmup 2000] [--seconds 3] [--clients 4] [--quick]
#include <sys/resource.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
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
#include "tests/bench/crowd.hpp"
#include "tests/bench/forked_server.hpp"
#include "tests/bench/knock_cost.hpp"
#include "tests/bench/measure.hpp"
#include "tests/bench/raw_ping_pong.hpp"

namespace {

using namespace rmi::bench;

// The crowd: clients that hold every slot of a server, and as many again that knock.
constexpr int kSlots = 256;
constexpr std::chrono::milliseconds kKnockPause{100};
// Calls each client keeps in flight with call_async.
constexpr int kInFlight = 16;

rmi::ServerOptions quiet_options() {
  rmi::ServerOptions quiet;
  quiet.log = [](std::string_view) {};
  quiet.trace = false;
  return quiet;
}

// Stage 4's server: object 1 is a demo::Store, object 2 an Adder (a plain call to the same
// process).
void serve_references(const std::function<void(std::uint16_t)>& serving) {
  rmi::ObjectServer server(quiet_options());
  server.add(std::make_shared<demo::Store>(), {.id = 1, .thread_safe = true});
  server.add(std::make_shared<bench_objects::Adder>(), {.id = 2});
  server.start();
  serving(server.endpoint().port);
}

// The crowd's server: add(int, int) on kSlots connection slots, all open to one host, as the
// whole crowd comes from 127.0.0.1.
void serve_crowd(const std::function<void(std::uint16_t)>& serving) {
  rmi::ServerOptions slots = quiet_options();
  slots.max_connections = kSlots;
  slots.max_connections_per_host = kSlots;
  rmi::FunctionServer server(slots);
  server.bind("add", [](int a, int b) { return a + b; });
  server.start();
  serving(server.endpoint().port);
}

void print_row(const Result& row, const Result& baseline) {
  std::printf("  %-44s %8.1f µs %8.1f µs %6.2fx %11.0f/s %6.2fx\n", row.name.c_str(), row.median_us,
              row.p99_us, row.median_us / baseline.median_us, row.calls_per_second,
              row.calls_per_second / baseline.calls_per_second);
}

void print_throughput(const Result& row, const Result& baseline) {
  std::printf("  %-66s %11.0f/s %6.2fx\n", row.name.c_str(), row.calls_per_second,
              row.calls_per_second / baseline.calls_per_second);
}

void verdict(const char* what, double ratio, double bound, bool at_most, const char* unit = "x") {
  const bool met = at_most ? ratio <= bound : ratio >= bound;
  std::printf("  %-58s %6.2f%s  (target %s %.2f%s)  %s\n", what, ratio, unit,
              at_most ? "<=" : ">=", bound, unit, met ? "met" : "MISSED");
}

// A caller that keeps `depth` calls in flight: each call() waits for the oldest reply and sends
// another call in its place.
Call in_flight(const rmi::Proxy& adder, int depth) {
  auto pending = std::make_shared<std::deque<std::future<int>>>();
  for (int i = 0; i < depth; ++i)
    pending->push_back(adder.call_async<int>("add", 2, 3));
  return [adder, pending] {
    pending->front().get();
    pending->pop_front();
    pending->push_back(adder.call_async<int>("add", 2, 3));
  };
}

// The crowd needs about three descriptors per slot in this one process: its clients' ends, the
// server's, and the knocks'. Asks for the hard limit; false if even that is too few.
bool enough_descriptors(int slots) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return false;
  const rlim_t wanted = static_cast<rlim_t>(4 * slots + 256);
  if (limit.rlim_cur < wanted) {
    limit.rlim_cur = std::min(limit.rlim_max, wanted);
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
  return limit.rlim_cur >= wanted;
}

}  // namespace

int main(int argc, char** argv) try {
  // The servers of other processes first: a fork wants a process of one thread. The crowd's
  // descriptors are asked for before, so that its server has them too.
  const bool crowd_fits = enough_descriptors(kSlots);
  rmi::bench::ForkedServer stage4_server(serve_references, 1);
  rmi::bench::ForkedServer crowd_server(serve_crowd);
  rmi::bench::ForkedServer bare_door(serve_bare_door);
  rmi::bench::ForkedServer full_server(serve_full_server);
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
      "are to the raw\nbaseline of the same group, in this run.\n\n",
      settings.calls, settings.warmup, settings.clients, settings.seconds);

  const rmi::ServerOptions quiet = quiet_options();
  rmi::ClientOptions client_options;
  client_options.trace = false;

  RawServer raw(true);
  RawServer raw_again(true);
  rmi::FunctionServer functions(quiet);
  functions.bind("add", [](int a, int b) { return a + b; });
  functions.start();
  rmi::ObjectServer objects(quiet);
  objects.add(std::make_shared<bench_objects::Adder>(), {.id = 1, .thread_safe = false});
  objects.start();
  RawServer raw_per_call(false);
  rmi::ServerOptions lecture = quiet;
  lecture.policy = rmi::ConnectionPolicy::OneCallPerConnection;
  rmi::FunctionServer lecture_server(lecture);
  lecture_server.bind("add", [](int a, int b) { return a + b; });
  lecture_server.start();
  rmi::ClientOptions per_call = client_options;
  per_call.connect_per_call = true;
  std::printf("  %-44s %11s %11s %7s %13s %7s\n", "", "median", "p99", "ratio", "throughput",
              "ratio");

  const Contender raw_contender{"raw TCP ping-pong, one connection", [&raw] {
                                  return [client = std::make_shared<RawClient>(raw.port())] {
                                    client->exchange();
                                  };
                                }};
  const Contender proxy_contender{
      "stage 2 Proxy method add(int, int)", [&] {
        const rmi::Proxy adder(
            std::make_shared<rmi::Connection>(objects.endpoint(), client_options), 1);
        return [add = adder.method<int(int, int)>("add")] { add(2, 3); };
      }};

  // Persistent connections. The same raw exchange with a second server of its own shows how far
  // two identical contenders differ in one run: the noise that any ratio here carries.
  const std::vector<Result> persistent = measure_in_turns(
      {raw_contender,
       {"raw TCP ping-pong again (the noise floor)",
        [&raw_again] {
          return [client = std::make_shared<RawClient>(raw_again.port())] { client->exchange(); };
        }},
       {"stage 1 RemoteFunction add(int, int)",
        [&] {
          auto server = std::make_shared<rmi::Connection>(functions.endpoint(), client_options);
          return [add = rmi::RemoteFunction<int(int, int)>(server, "add")] { add(2, 3); };
        }},
       proxy_contender},
      settings);
  const Result& raw_persistent = persistent[0];
  const Result& stage1 = persistent[2];
  const Result& stage2 = persistent[3];
  std::printf("persistent connection\n");
  for (const Result& row : persistent)
    print_row(row, raw_persistent);

  // A new connection for every call: the lecture's loop.
  const std::vector<Result> connecting = measure_in_turns(
      {{"raw TCP, connect per call",
        [&raw_per_call] {
          return [port = raw_per_call.port()] { raw_exchange_on_new_connection(port); };
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
  rmi::export_lookup_service(lookup_server,
                             // The name is bound once, before the group, and must outlast it.
                             std::make_shared<rmi::LookupService>([] {
                               rmi::LookupOptions options;
                               options.lease = std::chrono::hours(1);
                               options.log = [](std::string_view) {};
                               return options;
                             }()));
  lookup_server.start();
  rmi::LookupClient(lookup_server.endpoint(), client_options)
      .bind("bench.adder", objects.ref(1), "bench");
  const std::vector<Result> looking_up =
      measure_in_turns({raw_contender,
                        proxy_contender,
                        {"stage 3 lookup(\"bench.adder\")",
                         [&] {
                           auto lookup = std::make_shared<rmi::LookupClient>(
                               lookup_server.endpoint(), client_options);
                           return [lookup] { lookup->lookup("bench.adder"); };
                         }}},
                       settings);
  std::printf("a lookup by name\n");
  for (const Result& row : looking_up)
    print_row(row, looking_up[0]);
  std::printf("  a lookup costs %.2fx a plain call's latency\n",
              looking_up[2].median_us / looking_up[1].median_us);

  // Calls kept in flight: each client keeps 16 async calls going, each over a kept connection
  // of its own (so it keeps 16, and the server lets one host have them all). The Adder guards
  // nothing, so its calls need not take turns. One client, then as many as above.
  rmi::ServerOptions roomy = quiet;
  roomy.max_connections_per_host = roomy.max_connections;
  rmi::ObjectServer async_objects(roomy);
  async_objects.add(std::make_shared<bench_objects::Adder>(), {.id = 1, .thread_safe = true});
  async_objects.start();
  rmi::ClientOptions keep_many = client_options;
  keep_many.max_idle_connections = kInFlight;
  const auto async_adder = [&] {
    return rmi::Proxy(std::make_shared<rmi::Connection>(async_objects.endpoint(), keep_many), 1);
  };
  const std::vector<Contender> lockstep_and_in_flight = {
      {"stage 2 Proxy add, in lockstep",
       [&] { return [add = async_adder().method<int(int, int)>("add")] { add(2, 3); }; }},
      {"stage 2 Proxy call_async add, " + std::to_string(kInFlight) + " in flight per client",
       [&] { return in_flight(async_adder(), kInFlight); }}};
  std::printf("calls in flight\n");
  for (const int clients : {1, settings.clients}) {
    Settings these = settings;
    these.clients = clients;
    std::vector<Result> rows = throughput_in_turns(lockstep_and_in_flight, these);
    for (Result& row : rows) {
      row.name = std::to_string(clients) + (clients == 1 ? " client:  " : " clients: ") + row.name;
      print_throughput(row, rows[0]);
    }
  }

  // A crowd: every slot of a server taken, as many clients again knocking.
  std::optional<CrowdResult> crowd;
  if (crowd_fits) {
    crowd = measure_crowd({"127.0.0.1", crowd_server.port()}, crowd_server.pid(), kSlots, kSlots,
                          std::max(3.0, 3 * settings.seconds), kKnockPause);
    std::printf(
        "a crowd: %d clients holding all %d slots, %d more knocking (each about every %lld "
        "ms)\n",
        kSlots, kSlots, kSlots, static_cast<long long>(kKnockPause.count()));
    // Ratios to the first row, and (for the knocking) to the second: see crowd.hpp.
    std::printf("  %-66s %11.0f/s\n", "the served clients, the others asleep",
                crowd->alone_calls_per_second);
    std::printf("  %-66s %11.0f/s %6.2fx\n", "the served clients, the others pausing, not knocking",
                crowd->pausing_calls_per_second,
                crowd->pausing_calls_per_second / crowd->alone_calls_per_second);
    std::printf("  %-66s %11.0f/s %6.2fx %6.2fx of pausing\n",
                "the served clients, the others knocking", crowd->crowded_calls_per_second,
                crowd->crowded_calls_per_second / crowd->alone_calls_per_second,
                crowd->crowded_calls_per_second / crowd->pausing_calls_per_second);
    std::printf("  %zu knocks told \"busy\" after %.1f ms (median), %.1f ms (p99), %.1f ms (max)\n",
                crowd->refusals, crowd->median_ms, crowd->p99_ms, crowd->max_ms);
    if (crowd->other_outcomes > 0) {
      std::printf("  %zu knocks ended otherwise; the first: %s\n", crowd->other_outcomes,
                  crowd->first_other.c_str());
    }
    std::printf(
        "  the server's processor time a served call, the others pausing %.1f µs, knocking %.1f "
        "µs;\n  beyond that, %.1f µs a knock\n",
        crowd->pausing_server_us, crowd->crowded_server_us, crowd->server_us_per_knock);
  } else {
    std::printf("a crowd: skipped, this process may not open %d descriptors\n", 4 * kSlots + 256);
  }

  // What one knock costs, whoever answers it: the floor under the crowd's last ratio.
  std::printf(
      "a knock's processor time (client, door and kernel; the door's process), one at a time\n");
  for (const KnockCost& cost : measure_knock_cost(bare_door, full_server, settings.calls / 4)) {
    std::printf("  %-40s %6.1f µs, door %5.1f µs; %6.1f µs elapsed, %zu of %zu answered\n",
                cost.name.c_str(), cost.cpu_us, cost.door_cpu_us, cost.wall_us, cost.answered,
                cost.knocks);
  }

  // Stage 4: references and callbacks, against a plain call to the same server process.
  const rmi::Endpoint forked{"127.0.0.1", stage4_server.port()};
  const std::vector<Result> references = measure_in_turns(
      {raw_contender,
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
  verdict("stage 1 persistent latency / raw", stage1.median_us / raw_persistent.median_us, 1.05,
          true);
  verdict("stage 1 throughput / raw", stage1.calls_per_second / raw_persistent.calls_per_second,
          0.95, false);
  verdict("stage 2 persistent latency / raw", stage2.median_us / raw_persistent.median_us, 1.05,
          true);
  verdict("stage 2 throughput / raw", stage2.calls_per_second / raw_persistent.calls_per_second,
          0.95, false);
  verdict("stage 1 connect-per-call latency / raw connect-per-call",
          stage1_connect.median_us / raw_connect.median_us, 1.1, true);
  if (crowd) {
    verdict("crowd: a knock told \"busy\", median", crowd->median_ms, 100, true, " ms");
    verdict("crowd: served clients' throughput, knocking / pausing",
            crowd->crowded_calls_per_second / crowd->pausing_calls_per_second, 0.95, false);
  }
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "bench: %s\n", e.what());
  return 1;
}
