#include "stage4_references/refs/home.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <optional>
#include <random>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/rpc/connection_pool.hpp"
#include "stage1_rpc/wire/trace.hpp"
#include "stage2_rmi/rmi/proxy.hpp"

namespace rmi {

namespace {

// The options here() is made with: set by configure() before it is made, never after.
std::mutex configuring;
std::optional<HomeOptions> configured;  // guarded by configuring
bool made = false;                      // guarded by configuring

std::string random_holder_id() {
  std::random_device entropy;
  char text[33];
  std::snprintf(text, sizeof text, "%08x%08x%08x%08x", entropy(), entropy(), entropy(), entropy());
  return text;
}

// How long the keeper gathers news before it tells the exporters.
constexpr std::chrono::milliseconds kGather{10};
// How long a process that ends spends telling exporters what it lets go of, at most.
constexpr std::chrono::milliseconds kLastWords{1000};

const Tracer& trace() {
  static const Tracer tracer("references");
  return tracer;
}

}  // namespace

Home& Home::here() {
  static Home home([] {
    std::scoped_lock lock(configuring);
    made = true;
    return configured.value_or(HomeOptions{});
  }());
  return home;
}

void Home::configure(HomeOptions options) {
  std::scoped_lock lock(configuring);
  if (made) throw Error("Home::configure: this process's home server has started already");
  configured = std::move(options);
}

Home::Home(HomeOptions options)
    : options_(std::move(options)),
      holder_id_(random_holder_id()),
      exports_(options_.lease),
      server_(options_.server),
      renew_every_(options_.lease / 3) {
  if (options_.lease < std::chrono::milliseconds(30)) {
    throw Error("Home: a lease of " + std::to_string(options_.lease.count()) +
                " ms is too short to renew (30 ms at least)");
  }
  server_.bind("rmi.hold", [this](const std::string& holder, const std::vector<ObjectId>& ids) {
    return std::pair<std::int64_t, std::vector<ObjectId>>(exports_.lease().count(),
                                                          hold(holder, ids));
  });
  server_.bind("rmi.let_go", [this](const std::string& holder, const std::vector<ObjectId>& ids) {
    let_go(holder, ids);
  });
  server_.add_inspector([this] { return inspect(); });
  // The keeper calls through the process's pool: made first, it is destroyed after this Home.
  ConnectionPool::shared();
  server_.start();
  keeper_ = std::jthread([this](std::stop_token stop) { keep(stop); });
}

// A process that ends tells the exporters what it lets go of (whatever it still holds lapses
// within a lease there); no new round starts.
Home::~Home() {
  keeper_.request_stop();
  if (keeper_.joinable()) keeper_.join();
  tell_exporters(false, std::chrono::steady_clock::now() + kLastWords);
  server_.stop();
}

void Home::traced(const std::string& event) const {
  if (trace().enabled()) trace().note(event);
}

void Home::write_object(OutArchive& out, const std::shared_ptr<RemoteObject>& object,
                        const std::function<ObjectId()>& export_object) {
  const RemoteRef ref = send_local(out, object, export_object);
  traced("sent a reference to " + ref.to_string());
}

void Home::write_proxy(OutArchive& out, const RemoteRef& ref,
                       const std::shared_ptr<Holdings::Holding>& holding) {
  send_remote(out, ref, holding);
  traced("sent on a reference to " + ref.to_string());
}

Home::Received Home::read(InArchive& in) {
  Received received = receive(in);
  traced("received a reference to " + received.ref.to_string() +
         (received.local ? ": an object of this process" : ""));
  return received;
}

namespace {
void check_holder(const std::string& holder) {
  if (holder.empty() || holder.size() > 64) {
    throw BadArguments("a holder ID has 1 to 64 characters, not " + std::to_string(holder.size()));
  }
}
}  // namespace

std::vector<ObjectId> Home::hold(const std::string& holder, const std::vector<ObjectId>& ids) {
  check_holder(holder);
  if (trace().enabled()) {
    trace().note(holder.substr(0, 8) + "... holds " + std::to_string(ids.size()) +
                 " of the objects exported here by reference");
  }
  return exports_.hold(holder, ids);
}

void Home::let_go(const std::string& holder, const std::vector<ObjectId>& ids) {
  check_holder(holder);
  if (trace().enabled()) {
    trace().note(holder.substr(0, 8) + "... lets go of " + std::to_string(ids.size()) +
                 " of the objects exported here by reference");
  }
  exports_.let_go(holder, ids);
  unexport_released();
}

// The keeper: tells exporters what this process holds and lets go of (at once, when there is
// something new; every third of a lease, everything again), and unexports what nobody here
// holds any more. No other thread ever waits for an exporter on the holdings' account.
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
    try {
      if (!work.hold.empty()) {
        const auto [lease, gone] = patient.call<std::pair<std::int64_t, std::vector<ObjectId>>>(
            "rmi.hold", holder_id_, work.hold);
        if (!gone.empty()) holdings_.forget(work.exporter, work.run, gone);
        if (trace().enabled()) {
          trace().note("claimed or renewed " + std::to_string(work.hold.size()) +
                       " references at " + work.exporter.to_string() + " (lease " +
                       std::to_string(lease) + " ms)");
        }
      }
      if (!work.let_go.empty()) {
        patient.call<void>("rmi.let_go", holder_id_, work.let_go);
        if (trace().enabled()) {
          trace().note("let go of " + std::to_string(work.let_go.size()) + " references at " +
                       work.exporter.to_string());
        }
      }
    } catch (const Error& e) {
      // The exporter is gone or slow: its objects lapse there anyway; what we hold we try again
      // at the next renewal.
      if (trace().enabled())
        trace().note("could not reach " + work.exporter.to_string() + ": " + e.what());
    }
  }
}

void Home::unexport_released() {
  for (const ObjectId id : exports_.released(Exports::Clock::now())) {
    server_.remove(id);
    if (trace().enabled()) {
      trace().note("released object " + std::to_string(id) + ": nobody holds a reference to it");
    }
  }
}

std::vector<std::string> Home::inspect() const {
  std::vector<std::string> lines{"references: this process is holder " + holder_id_.substr(0, 8) +
                                 "..., leases of " + std::to_string(options_.lease.count()) +
                                 " ms"};
  for (std::string& line : exports_.describe())
    lines.push_back("exports " + line);
  for (std::string& line : holdings_.describe())
    lines.push_back("holds " + line);
  return lines;
}

}  // namespace rmi
