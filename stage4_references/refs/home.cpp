#include "stage4_references/refs/home.hpp"

#include <cstdio>
#include <optional>
#include <random>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/rpc/connection_pool.hpp"
#include "stage1_rpc/wire/trace.hpp"
#include "stage2_rmi/rmi/call_context.hpp"

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
      own_renewal_(options_.lease / 3),
      renew_every_(own_renewal_),
      next_renewal_(std::chrono::steady_clock::now() + renew_every_) {
  if (options_.lease < kShortestLease) {
    throw Error("Home: a lease of " + std::to_string(options_.lease.count()) +
                " ms is too short to renew (" + std::to_string(kShortestLease.count()) +
                " ms at least)");
  }
  server_.bind("rmi.hold", [this](const std::string& holder, const std::vector<ObjectId>& ids) {
    return std::pair<std::int64_t, std::vector<ObjectId>>(exports_.lease().count(),
                                                          hold(holder, ids));
  });
  server_.bind("rmi.let_go", [this](const std::string& holder, const std::vector<ObjectId>& ids) {
    let_go(holder, ids);
  });
  server_.add_inspector([this] { return inspect(); });
  // What the keeper and the server's threads use: made first, destroyed after this Home, whose
  // threads may use them until its destructor has stopped them.
  ConnectionPool::shared();
  trace();
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

bool Home::tracing() const {
  return trace().enabled();
}

void Home::traced(const std::string& event) const {
  if (trace().enabled()) trace().note(event);
}

void Home::write_object(OutArchive& out, const std::shared_ptr<RemoteObject>& object,
                        const std::function<ObjectId()>& export_object) {
  const RemoteRef ref = send_local(out, object, export_object);
  if (tracing()) traced("sent a reference to " + ref.to_string());
}

void Home::write_proxy(OutArchive& out, const RemoteRef& ref,
                       const std::shared_ptr<Holdings::Holding>& holding) {
  send_remote(out, ref, holding);
  if (tracing()) traced("sent on a reference to " + ref.to_string());
}

Home::Received Home::read(InArchive& in) {
  Received received = receive(in);
  if (tracing()) {
    traced("received a reference to " + received.ref.to_string() +
           (received.local ? ": an object of this process" : ""));
  }
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
  const CallContext* call = current_call();  // none for a call made in this process
  return exports_.hold(holder, ids, call == nullptr ? std::string("here") : call->caller.host);
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
