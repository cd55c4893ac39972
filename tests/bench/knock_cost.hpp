#pragma once
// make bench's price of a knock: the processor time (user and system, of this whole process:
// the knocking client, the door and the kernel's work for both all run here) that one knock on
// a full server costs, one knock at a time so that nothing else runs. Three kinds take turns, a
// tenth at a time: a client of bare sockets at a bare door that only accepts, sends a prepared
// "busy" frame and closes; the same client at a full toolkit server; the toolkit's own client at
// that server. The first is what a knock costs whoever answers it; it bounds what the crowd's
// served clients can keep (lectures/1-rpc.md#cost).
#include <string>
#include <vector>

#include "stage1_rpc/net/endpoint.hpp"

namespace rmi::bench {

struct KnockCost {
  std::string name;
  double cpu_us = 0;         // processor time per knock, median of the turns
  double wall_us = 0;        // elapsed time per knock, median of the turns
  std::size_t knocks = 0;    // of this kind, in all
  std::size_t answered = 0;  // of those, told "busy"
};

// `full_server` serves add(int, int), and every slot it has is taken.
std::vector<KnockCost> measure_knock_cost(const Endpoint& full_server, int knocks);

}  // namespace rmi::bench
