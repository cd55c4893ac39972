// The keeper of a process's references (home.hpp): the thread that tells exporters what this
// process holds and lets go of, and unexports what nobody holds any more. No other thread ever
// waits for an exporter on the holdings' account.          See lectures/4-references.md#gc
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
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
  using Clock = std::chrono::steady_clock;
  auto next_renewal = Clock::now() + renew_every_;
  while (!stop.stop_requested()) {
    // Wakes for news, for the next renewal, and when a lease here runs out: a holder that died
    // loses its objects one lease after it last renewed, not a renewal period later.
    auto until = next_renewal;
    if (const auto expiry = exports_.next_expiry()) until = std::min(until, *expiry);
    if (holdings_.wait_for_work(stop, until)) {
      // News: gather more before telling, so that a program that takes and drops references
      // by the thousand costs its exporters a few calls a second, not two per reference.
      std::mutex gathering;
      std::unique_lock lock(gathering);
      std::condition_variable_any().wait_for(lock, stop, kGather, [] { return false; });
    }
    if (stop.stop_requested()) return;
    const bool renew = Clock::now() >= next_renewal;
    if (renew) next_renewal = Clock::now() + renew_every_;
    std::scoped_lock one_round(keeping_);
    tell_exporters(renew, Clock::now() + renew_every_);
    unexport_released();
  }
}

void Home::keep_now() {
  std::scoped_lock one_round(keeping_);
  tell_exporters(true, std::chrono::steady_clock::now() + renew_every_);
  unexport_released();
}

void Home::tell_exporters(bool renew, std::chrono::steady_clock::time_point until) {
  using std::chrono::milliseconds;
  for (const Holdings::Work& work : holdings_.take_work(renew)) {
    // Each exporter in turn, a dead one costing a bounded wait: half a renewal, at most 2 s, and
    // no more than the round has left. An exporter not told now lapses what it was not told.
    const auto left =
        std::chrono::duration_cast<milliseconds>(until - std::chrono::steady_clock::now());
    if (left < milliseconds(10)) break;
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
    } catch (const Error& e) {
      // The exporter is gone or slow: its objects lapse there anyway; what we hold we try again
      // at the next renewal.
      if (tracing()) traced("could not reach " + work.exporter.to_string() + ": " + e.what());
    }
  }
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
