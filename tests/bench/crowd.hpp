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
// The server runs in a process of its own, so that its processor time can be told from its
// clients': what it spends on the knocks is the part of their cost that is a server's own, as
// on a real network the knocking clients would spend theirs on other machines.
//                                                              See lectures/1-rpc.md#cost
#include <sys/types.h>

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
  // The server process's processor time (user and kernel, as the kernel charges it) over the
  // served calls, in µs a call: in the pausing slices, and in the knocking ones; and what the
  // knocking slices cost it beyond their calls at the pausing cost, over the knocks.
  double pausing_server_us = 0, crowded_server_us = 0, server_us_per_knock = 0;
};

// `server` serves add(int, int) with `served` connection slots in all, from process
// `server_process`.
CrowdResult measure_crowd(const Endpoint& server, pid_t server_process, int served, int knocking,
                          double seconds, std::chrono::milliseconds pause);

}  // namespace rmi::bench
