#pragma once
// The objects this process exports *by reference* (returned or passed, not exported by name),
// and who holds references to them: the exporter's half of distributed garbage collection.
//                                                          See lectures/4-references.md#gc
// An object stays exported while some process holds a reference to it:
//   - sent:     a reference that left in a reply or a call is "in transit" until its receiver
//               claims it, or for one lease at most (a receiver that died never will);
//   - claimed:  a holder (a process, named by its random holder ID) holds it until it lets it
//               go (clean) or its lease runs out without a renewal (a holder that died);
//   - released: nobody holds it and nothing is in transit: its object server forgets it.
// Counting (Java's dirty/clean, RPyC's netref counts) frees objects promptly; the leases make
// sure a holder that vanished cannot keep an object for ever. Shared by the threads that serve
// calls and the sweeper: one mutex.
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "stage1_rpc/core/error.hpp"
#include "stage2_rmi/rmi/call_header.hpp"

namespace rmi {

class RemoteObject;

// A new object was not sent: too many are in transit (Exports::kMaxInTransit...). It reaches the
// caller as itself.
class TooManyReferences : public Error {
 public:
  using Error::Error;
};

class Exports {
 public:
  using Clock = std::chrono::steady_clock;
  // Holders one object may have: each costs memory here, and a peer may invent holder IDs.
  static constexpr std::size_t kMaxHolders = 10'000;
  // Claims (a holder holding an object) in all, and from one host, which has fewer addresses to
  // call from than holder IDs to make up: a quarter, so that it takes four hosts to fill the
  // table. Each claim costs about 200 bytes here.
  static constexpr std::size_t kMaxClaims = 200'000;
  static constexpr std::size_t kMaxClaimsPerHost = kMaxClaims / 4;
  // An (object, host) pair is in transit while references to the object that went to the host
  // are not claimed; a reference sent while this process serves a call from a host went to that
  // host ("here" if sent in a call this process makes). New exports are refused past these many
  // pairs, in all and to one host: a peer that calls a method returning a new object, and never
  // claims what it gets, would otherwise keep an object here a lease for each call, as fast as it
  // can call (a new Item of the store demo costs its exporter about 1.2 KiB, mostly its object
  // server's entry). An object exported already is sent again whatever the count (a callback
  // passed in every call). Limits: a reply with more new objects than a host's share is refused
  // whole; every client behind one address shares its share; a call this process makes while
  // serving a call from a host is charged to that host; and threads that export at once may pass
  // a bound by one each.
  static constexpr std::size_t kMaxInTransit = 40'000;
  static constexpr std::size_t kMaxInTransitPerHost = kMaxInTransit / 4;

  explicit Exports(std::chrono::milliseconds lease) : lease_(lease) {}

  std::chrono::milliseconds lease() const { return lease_; }

  // The ID `object` is exported under, if it is.
  std::optional<ObjectId> id_of(const RemoteObject* object) const;
  // The object exported under `id`, or nullptr.
  std::shared_ptr<RemoteObject> object(ObjectId id) const;

  // Throws TooManyReferences if no more objects may be in transit to the host of the current
  // call: asked before an object is exported to be sent (Home::export_object).
  void check_room_to_send() const;
  // Records a new export of `object` as `id`, made to be sent: one reference to it is in
  // transit from the start.
  void add(ObjectId id, std::shared_ptr<RemoteObject> object, std::string class_name);
  // Another reference to the exported `id` left this process: kept for one lease, or until
  // claimed. False if `id` is not exported (any more). Never refused.
  bool sent(ObjectId id);
  // `holder`, calling from `host`, holds these (claiming one that was in transit), for one lease
  // more. Returns the IDs that are not exported (any more): the holder's references to them are
  // dead. Throws BadArguments if a new claim was past a bound (kMaxHolders, kMaxClaims...),
  // after the rest.
  std::vector<ObjectId> hold(const std::string& holder, const std::vector<ObjectId>& ids,
                             const std::string& host = "here");
  // `holder` lets these go.
  void let_go(const std::string& holder, const std::vector<ObjectId>& ids);
  // Forgets the leases that ran out; returns the IDs that nobody holds any more, forgotten too:
  // their object server must unexport them.
  std::vector<ObjectId> released(Clock::time_point now);

  // When the next lease or transit runs out, if any does: the keeper sweeps then.
  std::optional<Clock::time_point> next_expiry() const;

  // One line per export, the first kMaxDescribed of them, each with its first four holders:
  // "object 7 (Item), by reference: 0 in transit, held by 2; a1b2c3d4... until +8.3 s; 9f8e7d6c...
  // until +2.1 s".
  static constexpr std::size_t kMaxDescribed = 10'000;
  std::vector<std::string> describe() const;
  std::size_t size() const;

 private:
  struct Claim {
    Clock::time_point until;
    std::string host;  // where the holder called from
  };
  struct Transit {
    std::size_t references = 0;  // sent there and not claimed yet
    Clock::time_point until;     // a lease after the last was sent
  };
  struct Export {
    std::shared_ptr<RemoteObject> object;
    std::string class_name;
    std::map<std::string, Claim> holders;       // by holder ID
    std::map<std::string, Transit> in_transit;  // by the host they went to
  };
  static bool unheld(const Export& exported, Clock::time_point now);
  // The rest with mutex_ held.
  void forget(const Claim& claim);
  std::string no_room(const Export& exported, ObjectId id, const std::string& host) const;
  std::string no_transit_room(const std::string& host) const;
  void send(Export& exported, const std::string& host);
  void forget_transit(const std::string& host);
  void end_transit(Export& exported, const std::string& claimed_from);

  const std::chrono::milliseconds lease_;
  mutable std::mutex mutex_;
  std::map<ObjectId, Export> exports_;                // guarded by mutex_
  std::map<const RemoteObject*, ObjectId> ids_;       // guarded by mutex_: one object, one ID
  std::map<std::string, std::size_t> claims_from_;    // guarded by mutex_: by host
  std::size_t claims_ = 0;                            // guarded by mutex_
  std::map<std::string, std::size_t> in_transit_to_;  // guarded by mutex_: objects, by host
  std::size_t in_transit_ = 0;                        // guarded by mutex_: (object, host) pairs
};

}  // namespace rmi
