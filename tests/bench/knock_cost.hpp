#pragma once
// make bench's price of a knock: the processor time (user and system) that one knock on a full
// server costs, one knock at a time so that nothing else runs: in all (the knocking client in
// this process, the door in its own, and the kernel's work for both), and the door's process
// alone. Three kinds take turns, a tenth at a time: a client of bare sockets at a bare door that
// only accepts, sends a prepared "busy" frame and closes; the same client at a full toolkit
// server; the toolkit's own client at that server. The first is what a knock costs whoever
// answers it, and its door's part what it costs any server; they bound what the crowd's served
// clients can keep (lectures/1-rpc.md#cost).
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "tests/bench/forked_server.hpp"

namespace rmi::bench {

struct KnockCost {
  std::string name;
  double cpu_us = 0;         // processor time per knock, median of the turns
  double door_cpu_us = 0;    // of that, the door's process
  double wall_us = 0;        // elapsed time per knock, median of the turns
  std::size_t knocks = 0;    // of this kind, in all
  std::size_t answered = 0;  // of those, told "busy"
};

// What the two doors' processes serve (ForkedServer::Serve): a bare door, and a toolkit server
// of add(int, int) whose one slot its own client holds.
void serve_bare_door(const std::function<void(std::uint16_t)>& serving);
void serve_full_server(const std::function<void(std::uint16_t)>& serving);

std::vector<KnockCost> measure_knock_cost(const ForkedServer& bare_door,
                                          const ForkedServer& full_server, int knocks);

}  // namespace rmi::bench
