#include "tests/bench/knock_cost.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <string_view>
#include <utility>

#include "stage1_rpc/core/error.hpp"
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
  ClientOptions options;
  options.trace = false;
  try {
    Connection connection(server, options);
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

std::vector<KnockCost> measure_knock_cost(const Endpoint& full_server, int knocks) {
  const RawDoor door(busy_frame());
  const std::uint16_t server_port = full_server.port;
  const std::vector<std::pair<std::string, std::function<bool()>>> kinds = {
      {"bare client at a bare door", [&door] { return raw_knock(door.port()); }},
      {"bare client at a full server", [server_port] { return raw_knock(server_port); }},
      {"toolkit client at a full server", [&full_server] { return toolkit_knock(full_server); }}};
  std::vector<KnockCost> costs(kinds.size());
  std::vector<std::vector<double>> cpu(kinds.size()), wall(kinds.size());  // per knock, by turn
  const int each = std::max(1, knocks / kTurns);
  for (int turn = 0; turn < kTurns; ++turn) {
    for (std::size_t k = 0; k < kinds.size(); ++k) {
      const double cpu_before = cpu_us();
      const auto wall_before = Clock::now();
      for (int i = 0; i < each; ++i) {
        if (kinds[k].second()) ++costs[k].answered;
      }
      const std::chrono::duration<double, std::micro> elapsed = Clock::now() - wall_before;
      cpu[k].push_back((cpu_us() - cpu_before) / each);
      wall[k].push_back(elapsed.count() / each);
      costs[k].knocks += static_cast<std::size_t>(each);
    }
  }
  for (std::size_t k = 0; k < kinds.size(); ++k) {
    costs[k].name = kinds[k].first;
    costs[k].cpu_us = median(cpu[k]);
    costs[k].wall_us = median(wall[k]);
  }
  return costs;
}

}  // namespace rmi::bench
