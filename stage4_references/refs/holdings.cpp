#include "stage4_references/refs/holdings.hpp"

#include <algorithm>

namespace rmi {

namespace {
// An object held: which run of which server, and its ID there.
using Which = std::tuple<Endpoint, ServerRun, ObjectId>;
Which key_of(const RemoteRef& ref) {
  return {ref.endpoint, ref.server_run, ref.object};
}
}  // namespace

struct Holdings::State {
  std::mutex mutex;
  std::condition_variable_any changed;
  struct Held {
    RemoteRef ref;
    int holdings = 0;      // Holding objects alive: each shared by the copies of one proxy
    bool claimed = false;  // told to its exporter already
  };
  std::map<Which, Held> held;  // guarded by mutex
  // Guarded by mutex: dropped, not told yet; and whether they were claimed. One dropped before
  // its claim is claimed and let go at once: the claim ends its transit at the exporter, which
  // would otherwise keep the object for a lease.
  std::vector<std::pair<RemoteRef, bool>> to_let_go;
  bool news = false;  // guarded by mutex: something to tell
  std::multimap<std::chrono::steady_clock::time_point, std::shared_ptr<Holding>>
      kept;  // guarded by mutex: sent on, until claimed by their receiver
};

Holdings::Holdings() : state_(std::make_shared<State>()) {}

// The holdings kept until their time share the state they are kept in: let them go, outside the
// lock, so that the state does not keep itself alive.
Holdings::~Holdings() {
  std::multimap<std::chrono::steady_clock::time_point, std::shared_ptr<Holding>> kept;
  std::scoped_lock lock(state_->mutex);
  kept.swap(state_->kept);
}

Holdings::Holding::Holding(Key, std::shared_ptr<State> state, RemoteRef ref)
    : state_(std::move(state)), ref_(std::move(ref)) {}

// Never blocks beyond a short lock, never calls anyone: see the header.
Holdings::Holding::~Holding() {
  std::scoped_lock lock(state_->mutex);
  const auto found = state_->held.find(key_of(ref_));
  if (found == state_->held.end() || --found->second.holdings > 0) return;
  state_->to_let_go.emplace_back(ref_, found->second.claimed);
  state_->held.erase(found);
  state_->news = true;
  state_->changed.notify_all();
}

std::shared_ptr<Holdings::Holding> Holdings::hold(const RemoteRef& ref) {
  std::scoped_lock lock(state_->mutex);
  State::Held& held = state_->held[key_of(ref)];
  if (held.holdings++ == 0) {
    held.ref = ref;
    state_->news = true;
    state_->changed.notify_all();
  }
  return std::make_shared<Holding>(Key(), state_, ref);
}

void Holdings::keep_until(std::shared_ptr<Holding> holding,
                          std::chrono::steady_clock::time_point until) {
  if (!holding) return;
  std::scoped_lock lock(state_->mutex);
  state_->kept.emplace(until, std::move(holding));
}

std::vector<Holdings::Work> Holdings::take_work(bool renew) {
  // Holdings let go here are destroyed after the lock (their destructor takes it).
  std::vector<std::shared_ptr<Holding>> expired;
  {
    std::scoped_lock lock(state_->mutex);
    const auto end = state_->kept.upper_bound(std::chrono::steady_clock::now());
    for (auto it = state_->kept.begin(); it != end; ++it)
      expired.push_back(std::move(it->second));
    state_->kept.erase(state_->kept.begin(), end);
  }
  expired.clear();

  std::map<std::pair<Endpoint, ServerRun>, Work> work;
  const auto for_exporter = [&work](const RemoteRef& ref) -> Work& {
    Work& w = work[{ref.endpoint, ref.server_run}];
    w.exporter = ref.endpoint;
    w.run = ref.server_run;
    return w;
  };
  std::scoped_lock lock(state_->mutex);
  for (auto& [key, held] : state_->held) {
    if (held.claimed && !renew) continue;
    held.claimed = true;
    for_exporter(held.ref).hold.push_back(held.ref.object);
  }
  for (const auto& [ref, claimed] : state_->to_let_go) {
    if (state_->held.contains(key_of(ref))) continue;  // received again since: held, not let go
    Work& w = for_exporter(ref);
    if (!claimed) w.hold.push_back(ref.object);
    w.let_go.push_back(ref.object);
  }
  state_->to_let_go.clear();
  state_->news = false;
  std::vector<Work> list;
  for (auto& [exporter, w] : work)
    list.push_back(std::move(w));
  return list;
}

bool Holdings::wait_for_work(std::stop_token stop, std::chrono::steady_clock::time_point until) {
  std::unique_lock lock(state_->mutex);
  return state_->changed.wait_until(lock, stop, until, [this] { return state_->news; });
}

void Holdings::wake() {
  std::scoped_lock lock(state_->mutex);
  state_->news = true;
  state_->changed.notify_all();
}

void Holdings::forget(const Endpoint& exporter, ServerRun run, const std::vector<ObjectId>& gone) {
  std::scoped_lock lock(state_->mutex);
  for (const ObjectId id : gone) {
    const auto found = state_->held.find({exporter, run, id});
    if (found != state_->held.end()) found->second.claimed = true;  // nothing more to claim
  }
}

std::vector<std::string> Holdings::describe() const {
  std::vector<std::string> lines;
  std::scoped_lock lock(state_->mutex);
  for (const auto& [key, held] : state_->held) {
    if (lines.size() == kMaxDescribed) {  // so that a description fits in a reply
      lines.push_back("and " + std::to_string(state_->held.size() - kMaxDescribed) +
                      " more references, not described");
      break;
    }
    lines.push_back(held.ref.to_string() + ", " + std::to_string(held.holdings) +
                    (held.holdings == 1 ? " proxy" : " proxies"));
  }
  return lines;
}

std::size_t Holdings::size() const {
  std::scoped_lock lock(state_->mutex);
  return state_->held.size();
}

}  // namespace rmi
