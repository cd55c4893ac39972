#include "tests/bench/knock_cost.hpp"

#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <utility>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/rpc/function_server.hpp"
#include "stage1_rpc/rpc/remote_function.hpp"
#include "stage1_rpc/wire/codec.hpp"
#include "stage1_rpc/wire/frame.hpp"
#include "tests/bench/raw_ping_pong.hpp"

namespace rmi::bench {

namespace {

constexpr int kTurns = 10;
using Clock = std::chrono::steady_clock;

// The processor time this process has used so far, user and system, in microseconds.
double cpu_us() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  const auto us = [](const timeval& t) { return t.tv_sec * 1e6 + static_cast<double>(t.tv_usec); };
  return us(usage.ru_utime) + us(usage.ru_stime);
}

// The same for another process.
double cpu_us(pid_t process) {
  clockid_t clock;
  timespec now{};
  if (::clock_getcpuclockid(process, &clock) != 0 || ::clock_gettime(clock, &now) != 0)
    throw std::runtime_error("bench: cannot read a door's processor time");
  return static_cast<double>(now.tv_sec) * 1e6 + static_cast<double>(now.tv_nsec) / 1e3;
}

ClientOptions quiet_client() {
  ClientOptions options;
  options.trace = false;
  return options;
}

// The frame a full toolkit server sends a knock, built once.
std::string busy_frame() {
  OutFrame refused(MessageKind::Refused);
  {
    OutArchive out(refused);
    out << std::string("the server is busy");
  }
  const std::span<const char> bytes = refused.seal();
  return {bytes.begin(), bytes.end()};
}

bool toolkit_knock(const Endpoint& server) {
  try {
    Connection connection(server, quiet_client());
    call<int>(connection, "add", 1, 2);
    return false;  // served: the server was not full after all
  } catch (const AccessDenied& e) {
    return std::string_view(e.what()).find("busy") != std::string_view::npos;
  }
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

void serve_bare_door(const std::function<void(std::uint16_t)>& serving) {
  const RawDoor door(busy_frame());
  serving(door.port());
}

void serve_full_server(const std::function<void(std::uint16_t)>& serving) {
  ServerOptions one_slot;
  one_slot.log = [](std::string_view) {};
  one_slot.trace = false;
  one_slot.max_connections = 1;
  FunctionServer server(one_slot);
  server.bind("add", [](int a, int b) { return a + b; });
  server.start();
  auto holder = std::make_shared<Connection>(server.endpoint(), quiet_client());
  RemoteFunction<int(int, int)>(holder, "add")(1, 2);  // takes the one slot
  serving(server.endpoint().port);
}

std::vector<KnockCost> measure_knock_cost(const ForkedServer& bare_door,
                                          const ForkedServer& full_server, int knocks) {
  const Endpoint full{"127.0.0.1", full_server.port()};
  struct Kind {
    std::string name;
    const ForkedServer& door;
    std::function<bool()> knock;
  };
  const std::vector<Kind> kinds = {
      {"bare client at a bare door", bare_door, [&] { return raw_knock(bare_door.port()); }},
      {"bare client at a full server", full_server, [&] { return raw_knock(full.port); }},
      {"toolkit client at a full server", full_server, [&] { return toolkit_knock(full); }}};
  std::vector<KnockCost> costs(kinds.size());
  // Per knock, by turn: in all, the door's, elapsed.
  std::vector<std::vector<double>> cpu(kinds.size()), door_cpu(kinds.size()), wall(kinds.size());
  const int each = std::max(1, knocks / kTurns);
  for (int turn = 0; turn < kTurns; ++turn) {
    for (std::size_t k = 0; k < kinds.size(); ++k) {
      const pid_t door = kinds[k].door.pid();
      const double cpu_before = cpu_us(), door_before = cpu_us(door);
      const auto wall_before = Clock::now();
      for (int i = 0; i < each; ++i) {
        if (kinds[k].knock()) ++costs[k].answered;
      }
      const std::chrono::duration<double, std::micro> elapsed = Clock::now() - wall_before;
      const double client = cpu_us() - cpu_before;
      const double door_spent = cpu_us(door) - door_before;
      cpu[k].push_back((client + door_spent) / each);
      door_cpu[k].push_back(door_spent / each);
      wall[k].push_back(elapsed.count() / each);
      costs[k].knocks += static_cast<std::size_t>(each);
    }
  }
  for (std::size_t k = 0; k < kinds.size(); ++k) {
    costs[k].name = kinds[k].name;
    costs[k].cpu_us = median(cpu[k]);
    costs[k].door_cpu_us = median(door_cpu[k]);
    costs[k].wall_us = median(wall[k]);
  }
  return costs;
}

}  // namespace rmi::bench
