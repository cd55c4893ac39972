// The keeper of a process's references (home.hpp): the thread that tells exporters what this
// process holds and lets go of, and unexports what nobody holds any more. No other thread ever
// waits for an exporter on the holdings' account.          See lectures/4-references.md#gc
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "stage1_rpc/core/error.hpp"
#include "stage2_rmi/rmi/proxy.hpp"
#include "stage4_references/refs/home.hpp"

namespace rmi {

namespace {
// How long the keeper gathers news before it tells the exporters.
constexpr std::chrono::milliseconds kGather{10};
// What rmi.hold answers: the exporter's lease in ms, and the IDs it no longer exports.
using HoldAnswer = std::pair<std::int64_t, std::vector<ObjectId>>;
}  // namespace

// It tells at once when there is something new, and every third of a lease everything again.
void Home::keep(std::stop_token stop) {
  while (!stop.stop_requested()) {
    // Wakes for news, for the next renewal, and when a lease here runs out: a holder that died
    // loses its objects one lease after it last renewed, not a renewal period later.
    std::chrono::steady_clock::time_point until;
    {
      std::scoped_lock lock(keeping_);
      until = next_renewal_;
    }
    if (const auto expiry = exports_.next_expiry()) until = std::min(until, *expiry);
    if (holdings_.wait_for_work(stop, until)) {
      // News: gather more before telling, so that a program that takes and drops references
      // by the thousand costs its exporters a few calls a second, not two per reference.
      std::mutex gathering;
      std::unique_lock lock(gathering);
      std::condition_variable_any().wait_for(lock, stop, kGather, [] { return false; });
    }
    if (stop.stop_requested()) return;
    std::scoped_lock one_round(keeping_);
    keep_round(std::chrono::steady_clock::now() >= next_renewal_);
  }
}

void Home::keep_now() {
  std::scoped_lock one_round(keeping_);
  keep_round(true);
}

// One round, under keeping_.
void Home::keep_round(bool renew) {
  const auto now = std::chrono::steady_clock::now();
  if (renew) next_renewal_ = now + renew_every_;
  heed(tell_exporters(renew, now + renew_every_));
  unexport_released();
}

// Renewals come every third of the shortest lease an exporter answered: one whose leases are
// shorter than this process's own would otherwise release what is still held here. A shorter
// lease shortens the period at once (and brings the next renewal nearer); the period returns to a
// third of this process's own lease once nothing is held. An exporter's answer is its own to
// give, within bounds: never less than kShortestLease, never more than this process's lease.
void Home::heed(std::optional<std::chrono::milliseconds> shortest_lease) {
  if (holdings_.size() == 0) {
    renew_every_ = own_renewal_;
    return;
  }
  if (!shortest_lease) return;
  const auto every = std::clamp(*shortest_lease, kShortestLease, options_.lease) / 3;
  if (every < renew_every_) {
    renew_every_ = every;
    next_renewal_ = std::min(next_renewal_, std::chrono::steady_clock::now() + every);
    holdings_.wake();  // the keeper may be waiting for the later renewal (after keep_now())
  }
}

std::optional<std::chrono::milliseconds> Home::tell_exporters(
    bool renew, std::chrono::steady_clock::time_point until) {
  using std::chrono::milliseconds;
  using Clock = std::chrono::steady_clock;
  std::optional<milliseconds> shortest_lease;
  std::vector<Holdings::Work> round = holdings_.take_work(renew);
  // Who is told first: the exporters that answered last time, the quickest first; then one that
  // answered before but not last time (a hiccup); then those never told yet, in the order they
  // came; last those that did not answer twice running or never did (a dead host, one that
  // accepts and never answers), which wait for what the round has left. Newcomers come after the
  // exporters that answer, as a stranger can make up new exporters by the dozen: told first, a
  // few that never answer used up every round, and the objects of those that do lapsed.
  for (const Holdings::Work& work : round)
    told_.try_emplace({work.exporter, work.run}, Told{.order = next_order_++});
  const auto place = [this](const Holdings::Work& work) {
    const Told& told = told_.at({work.exporter, work.run});
    const auto within_rank = told.rank == Told::kNew ? told.order : told.took.count();
    return std::tuple(told.rank, within_rank, work.exporter, work.run);
  };
  std::ranges::sort(round, {}, place);
  if (renew) {  // a renewal tells every exporter held: the others need no place in line
    std::map<std::pair<Endpoint, ServerRun>, Told> held;
    for (const Holdings::Work& work : round)
      held.emplace(std::pair(work.exporter, work.run), told_.at({work.exporter, work.run}));
    told_ = std::move(held);
  }
  for (const Holdings::Work& work : round) {
    // Each exporter in turn, a dead one costing a bounded wait: half a renewal, at most 2 s, and
    // no more than the round has left. An exporter not told now lapses what it was not told, and
    // keeps its place in line.
    const auto started = Clock::now();
    const auto left = std::chrono::duration_cast<milliseconds>(until - started);
    if (left < milliseconds(10)) continue;
    const Proxy patient =
        Proxy(RemoteRef{work.exporter, kFunctions, work.run, {}, {}})
            .with_timeout(std::min(
                left, std::clamp(renew_every_ / 2, milliseconds(100), milliseconds(2000))));
    // RemoteMethods, which keep their signatures, not the dynamic proxy.call, which keeps its own
    // in a static: the last round runs while the process ends, when the statics made after
    // this Home are gone already (they are destroyed in the reverse order).
    try {
      if (!work.hold.empty()) {
        const auto [lease, gone] = patient.method<HoldAnswer(std::string, std::vector<ObjectId>)>(
            "rmi.hold")(holder_id_, work.hold);
        if (!gone.empty()) holdings_.forget(work.exporter, work.run, gone);
        shortest_lease =
            std::min(shortest_lease.value_or(milliseconds::max()), milliseconds(lease));
        if (tracing()) {
          traced("claimed or renewed " + std::to_string(work.hold.size()) + " references at " +
                 work.exporter.to_string() + " (lease " + std::to_string(lease) + " ms)");
        }
      }
      if (!work.let_go.empty()) {
        patient.method<void(std::string, std::vector<ObjectId>)>("rmi.let_go")(holder_id_,
                                                                               work.let_go);
        if (tracing()) {
          traced("let go of " + std::to_string(work.let_go.size()) + " references at " +
                 work.exporter.to_string());
        }
      }
      told_[{work.exporter, work.run}] = {Told::kAnswered, Clock::now() - started};
    } catch (const Error& e) {
      // The exporter is gone or slow: its objects lapse there anyway; what we hold we try again
      // at the next renewal. One that refused (a bound of its own) has answered all the same.
      if (tracing()) traced("telling " + work.exporter.to_string() + " failed: " + e.what());
      Told& told = told_[{work.exporter, work.run}];
      const bool answered = dynamic_cast<const Timeout*>(&e) == nullptr &&
                            dynamic_cast<const ConnectionError*>(&e) == nullptr;
      if (answered) {
        told.rank = Told::kAnswered;
      } else {
        told.rank = told.rank == Told::kAnswered ? Told::kHiccup : Told::kSilent;
      }
      told.took = Clock::now() - started;
    }
  }
  return shortest_lease;
}

void Home::unexport_released() {
  for (const ObjectId id : exports_.released(Exports::Clock::now())) {
    server_.remove(id);
    if (tracing()) {
      traced("released object " + std::to_string(id) + ": nobody holds a reference to it");
    }
  }
}

}  // namespace rmi
