#pragma once
// This process's side of references: the object server where its objects passed by reference are
// exported (its home server), which of them others hold (Exports), which of others' objects it
// holds (Holdings), and the keeper thread that tells exporters about claims, renewals and
// releases, and unexports what nobody holds.          See lectures/4-references.md#home
//
// One per process (here()), as its connections are (ConnectionPool): references belong to the
// process, not to one server or one proxy. Its server starts on first use, on loopback unless
// configure() said otherwise — a process whose references others on other hosts will use must
// listen where they reach it and advertise that (--host, --advertise).
//
// On the wire a reference, where a value would be, is the tag kReferenceTag and a RemoteRef:
// the tag says "this is no value" as RMI.2's reply tag says "this is no value but an exception".
// Home's functions, on its server's object 0: rmi.hold(holder, ids) claims or renews (and
// returns the IDs that are gone), rmi.let_go(holder, ids) lets go.
// This header instantiates Boost archives; include it from .cpp files only.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "stage1_rpc/wire/type_name.hpp"
#include "stage2_rmi/rmi/object_server.hpp"
#include "stage2_rmi/rmi/remote_ref.hpp"
#include "stage4_references/refs/exports.hpp"
#include "stage4_references/refs/holdings.hpp"
#include "stage4_references/refs/remote_object.hpp"

namespace rmi {

inline constexpr std::uint8_t kReferenceTag = 2;  // after ReplyTag's Value 0 and Exception 1

// The shortest lease a home server grants and a holder heeds: renewing every third of it leaves
// a round 50 ms for its calls.
inline constexpr std::chrono::milliseconds kShortestLease{150};

struct HomeOptions {
  ServerOptions server;                     // where the home server listens, what it advertises
  std::chrono::milliseconds lease{10'000};  // how long a claim lasts without a renewal
};

class Home {
 public:
  // The process's own, started on first use.
  static Home& here();
  // Sets here()'s options. Throws rmi::Error if it has started already.
  static void configure(HomeOptions options);

  explicit Home(HomeOptions options);
  ~Home();
  Home(const Home&) = delete;
  Home& operator=(const Home&) = delete;

  ObjectServer& server() { return server_; }
  const std::string& holder_id() const { return holder_id_; }
  Exports& exports() { return exports_; }
  Holdings& holdings() { return holdings_; }

  // Exports `object` on the home server through Exposed<T>; returns its ID. Throws
  // TooManyReferences, and exports nothing, if no more new objects may be in transit.
  template <class T>
  ObjectId export_object(std::shared_ptr<T> object) {
    exports_.check_room_to_send();
    const ObjectId id = server_.add<T>(std::move(object));
    if (tracing()) {
      traced("exported a " + type_name<T>() + " by reference as object " + std::to_string(id));
    }
    return id;
  }

  // What rmi::Remote<T> calls to send and receive a reference: the exercises below, traced.
  void write_object(OutArchive& out, const std::shared_ptr<RemoteObject>& object,
                    const std::function<ObjectId()>& export_object);
  void write_proxy(OutArchive& out, const RemoteRef& ref,
                   const std::shared_ptr<Holdings::Holding>& holding);
  struct Received {
    std::shared_ptr<RemoteObject> local;         // the object, if it is one of this process's
    RemoteRef ref;                               // else a reference to it,
    std::shared_ptr<Holdings::Holding> holding;  // and what keeps it alive at its exporter
  };
  Received read(InArchive& in);

  // RMI.8 (exercises/rmi8_receive.cpp): reads a reference where a value of a class passed by
  // reference was expected.
  Received receive(InArchive& in);
  // RMI.9 (exercises/rmi9_send.cpp): writes a reference to `object`, an object of this process,
  // in place of its value, and returns it. `export_object` exports it and says its ID.
  RemoteRef send_local(OutArchive& out, const std::shared_ptr<RemoteObject>& object,
                       const std::function<ObjectId()>& export_object);
  // RMI.10 (exercises/rmi10_parameters.cpp): writes the reference a proxy stands for (`holding`
  // keeps its object alive here, if the proxy was received); and the object of this process a
  // reference names.
  void send_remote(OutArchive& out, const RemoteRef& ref,
                   const std::shared_ptr<Holdings::Holding>& holding);
  std::shared_ptr<RemoteObject> home_object(const RemoteRef& ref);

  // Describes what the home server exports by reference and what this process holds.
  std::vector<std::string> inspect() const;
  // Runs the keeper's work now instead of waiting for it (tests).
  void keep_now();

 private:
  // The keeper (home_keeper.cpp).
  void keep(std::stop_token stop);
  void keep_round(bool renew);
  // Returns the shortest lease the exporters answered, if any answered.
  std::optional<std::chrono::milliseconds> tell_exporters(
      bool renew, std::chrono::steady_clock::time_point until);
  void heed(std::optional<std::chrono::milliseconds> shortest_lease);
  void unexport_released();
  std::vector<ObjectId> hold(const std::string& holder, const std::vector<ObjectId>& ids);
  void let_go(const std::string& holder, const std::vector<ObjectId>& ids);
  // Callers ask tracing() before they build a message: every call that passes a reference
  // would otherwise spell it out for nobody.
  bool tracing() const;
  void traced(const std::string& event) const;

  const HomeOptions options_;
  const std::string holder_id_;  // this process, as a holder of references: random
  Exports exports_;
  Holdings holdings_;
  ObjectServer server_;
  std::mutex spare_;    // taken by none of Home's own functions: free for an exercise's use
  std::mutex keeping_;  // one keeper's round at a time
  // A third of this process's own lease; and, guarded by keeping_, how often the keeper renews
  // every holding (heed()) and when it does next.
  const std::chrono::milliseconds own_renewal_;
  std::chrono::milliseconds renew_every_;
  std::chrono::steady_clock::time_point next_renewal_;
  // Guarded by keeping_: how each exporter fared when it was last told, for the order in which
  // tell_exporters() tells them.
  struct Told {
    enum Rank { kAnswered, kHiccup, kNew, kSilent } rank = kNew;
    std::chrono::steady_clock::duration took{};  // to answer, or to give up
    std::uint64_t order = 0;                     // when it came, among the new
  };
  std::map<std::pair<Endpoint, ServerRun>, Told> told_;
  std::uint64_t next_order_ = 0;
  std::jthread keeper_;  // last: stopped first
};

}  // namespace rmi
