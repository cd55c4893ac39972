#pragma once
// make bench's crowd: more clients than a server has connection slots. `served` clients hold a
// slot each and call as fast as they can; as many again knock, are told "busy", and knock again
// a polite pause after the last knock began (between half and one and a half `pause`, so they
// do not knock in step).
// Three kinds of slice take turns, so a slow spell of the machine falls on all alike: the served
// clients alone; the others awake and pausing as between knocks, but knocking at no door; and
// the others knocking. The knocks are measured against the second, which differs from the third
// only in the knocks. Each slice is timed rather than taken to last what it was asked to, and a
// first slice, while the served clients' threads first wake, is not counted: it runs long, and
// counted as if it had not, it made the clients alone look faster than they are.
//                                                              See lectures/1-rpc.md#cost
#include <chrono>
#include <cstddef>
#include <string>

#include "stage1_rpc/net/endpoint.hpp"

namespace rmi::bench {

struct CrowdResult {
  double alone_calls_per_second = 0;             // the served clients, the others asleep
  double pausing_calls_per_second = 0;           // the others pausing as between knocks
  double crowded_calls_per_second = 0;           // the others knocking
  std::size_t refusals = 0;                      // "busy" answers
  double median_ms = 0, p99_ms = 0, max_ms = 0;  // from a knock's start to its "busy"
  std::size_t other_outcomes = 0;                // served after all, or failed otherwise
  std::string first_other;                       // what the first of those was
};

// `server` serves add(int, int) with `served` connection slots in all.
CrowdResult measure_crowd(const Endpoint& server, int served, int knocking, double seconds,
                          std::chrono::milliseconds pause);

}  // namespace rmi::bench
