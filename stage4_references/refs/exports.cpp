#include "stage4_references/refs/exports.hpp"

#include <algorithm>
#include <cstdio>

#include "stage1_rpc/core/error.hpp"
#include "stage2_rmi/rmi/call_context.hpp"
#include "stage2_rmi/rmi/remote_errors.hpp"
#include "stage4_references/refs/remote_object.hpp"

namespace rmi {

namespace {

// A refusal reaches the caller as itself (RMI.2's registry), in every program that links this:
// every program that can send or receive a reference.
const bool registered = (register_remote_error<TooManyReferences>(), true);

// Where a reference sent now goes, as far as the bounds go: to the caller of the call this thread
// serves, who asked for it; "here" for a call this process makes, whose code chose to send it.
std::string host_sent_to() {
  const CallContext* call = current_call();
  return call == nullptr ? std::string("here") : call->caller.host;
}

}  // namespace

std::optional<ObjectId> Exports::id_of(const RemoteObject* object) const {
  std::scoped_lock lock(mutex_);
  const auto found = ids_.find(object);
  if (found == ids_.end()) return std::nullopt;
  return found->second;
}

std::shared_ptr<RemoteObject> Exports::object(ObjectId id) const {
  std::scoped_lock lock(mutex_);
  const auto found = exports_.find(id);
  return found == exports_.end() ? nullptr : found->second.object;
}

void Exports::check_room_to_send() const {
  const std::string host = host_sent_to();
  std::scoped_lock lock(mutex_);
  if (const std::string why = no_transit_room(host); !why.empty()) throw TooManyReferences(why);
}

// Never refuses: the object is exported already (check_room_to_send asked first).
void Exports::add(ObjectId id, std::shared_ptr<RemoteObject> object, std::string class_name) {
  std::scoped_lock lock(mutex_);
  if (const auto old = exports_.find(id); old != exports_.end()) {  // an ID exported again
    for (const auto& [holder, claim] : old->second.holders)
      forget(claim);
    for (const auto& [host, transit] : old->second.in_transit)
      forget_transit(host);
  }
  ids_[object.get()] = id;
  Export& exported = exports_[id] = Export{std::move(object), std::move(class_name), {}, {}};
  send(exported, host_sent_to());
}

// Never refuses: the object exists already, and the bounds are there to stop new ones. Past
// them, the reference is counted with a transit the object has elsewhere, which keeps the object
// as long; an object with none (someone holds it) gets one of its own, one an object at most.
bool Exports::sent(ObjectId id) {
  const std::string host = host_sent_to();
  std::scoped_lock lock(mutex_);
  const auto found = exports_.find(id);
  if (found == exports_.end()) return false;
  Export& exported = found->second;
  if (!exported.in_transit.contains(host) && !exported.in_transit.empty() &&
      !no_transit_room(host).empty()) {
    Transit& elsewhere = exported.in_transit.begin()->second;
    ++elsewhere.references;
    elsewhere.until = Clock::now() + lease_;
    return true;
  }
  send(exported, host);
  return true;
}

// Why no new object may be sent to `host`, or nothing.
std::string Exports::no_transit_room(const std::string& host) const {
  const auto known = in_transit_to_.find(host);
  const std::size_t to_host = known == in_transit_to_.end() ? 0 : known->second;
  if (to_host < kMaxInTransitPerHost && in_transit_ < kMaxInTransit) return {};
  return "no new object sent to " + host + ": " + std::to_string(to_host) +
         " objects sent there are not claimed yet, and " + std::to_string(in_transit_) +
         " in all, to all hosts (at most " + std::to_string(kMaxInTransitPerHost) +
         " to one host, " + std::to_string(kMaxInTransit) +
         " in all; each is claimed by its receiver, or lapses a lease after it was last sent)";
}

// One more reference to `exported` went to `host`: the first there counts against the bounds.
void Exports::send(Export& exported, const std::string& host) {
  Transit& transit = exported.in_transit[host];
  if (transit.references++ == 0) {
    ++in_transit_to_[host];
    ++in_transit_;
  }
  transit.until = Clock::now() + lease_;
}

void Exports::forget_transit(const std::string& host) {
  --in_transit_;
  if (--in_transit_to_.at(host) == 0) in_transit_to_.erase(host);
}

// A claim ends the transit of one reference: one sent to the claimer's host, else any (the
// reference may have been passed on from there).
void Exports::end_transit(Export& exported, const std::string& claimed_from) {
  auto& transits = exported.in_transit;
  if (transits.empty()) return;
  auto ended = transits.find(claimed_from);
  if (ended == transits.end()) ended = transits.begin();
  if (--ended->second.references > 0) return;
  forget_transit(ended->first);
  transits.erase(ended);
}

// A new claim past a bound is refused, but only after every renewal in the same call is made: a
// holder whose one new claim is refused keeps what it holds.
std::vector<ObjectId> Exports::hold(const std::string& holder, const std::vector<ObjectId>& ids,
                                    const std::string& host) {
  std::vector<ObjectId> gone;
  std::string refused;  // why the first refused claim was
  std::size_t refusals = 0;
  {
    std::scoped_lock lock(mutex_);
    const auto until = Clock::now() + lease_;
    for (const ObjectId id : ids) {
      const auto found = exports_.find(id);
      if (found == exports_.end()) {
        gone.push_back(id);
        continue;
      }
      Export& exported = found->second;
      if (const auto claim = exported.holders.find(holder); claim != exported.holders.end()) {
        claim->second.until = until;  // a renewal
        continue;
      }
      if (const std::string why = no_room(exported, id, host); !why.empty()) {
        if (refusals++ == 0) refused = why;
        continue;
      }
      // A holder claims its reference once, whatever it renews later: the claim ends a transit,
      // so that the object is not kept a lease longer than needed.
      end_transit(exported, host);
      exported.holders.emplace(holder, Claim{until, host});
      ++claims_from_[host];
      ++claims_;
    }
  }
  if (refusals > 0) {
    throw BadArguments(
        refused + (refusals > 1 ? " (and " + std::to_string(refusals - 1) + " more claims refused)"
                                : std::string()));
  }
  return gone;
}

// Why a new claim of `id` from `host` is refused, or nothing.
std::string Exports::no_room(const Export& exported, ObjectId id, const std::string& host) const {
  if (exported.holders.size() >= kMaxHolders) {
    return "object " + std::to_string(id) + " has " + std::to_string(kMaxHolders) +
           " holders already: no more are taken";
  }
  const auto known = claims_from_.find(host);
  const std::size_t from_host = known == claims_from_.end() ? 0 : known->second;
  if (from_host >= kMaxClaimsPerHost || claims_ >= kMaxClaims) {
    return "this process holds " + std::to_string(claims_) + " claims on its objects, " +
           std::to_string(from_host) + " of them from " + host + ": no more are taken (at most " +
           std::to_string(kMaxClaimsPerHost) + " from one host, " + std::to_string(kMaxClaims) +
           " in all)";
  }
  return {};
}

void Exports::let_go(const std::string& holder, const std::vector<ObjectId>& ids) {
  std::scoped_lock lock(mutex_);
  for (const ObjectId id : ids) {
    const auto found = exports_.find(id);
    if (found == exports_.end()) continue;
    if (const auto claim = found->second.holders.find(holder);
        claim != found->second.holders.end()) {
      forget(claim->second);
      found->second.holders.erase(claim);
    }
  }
}

void Exports::forget(const Claim& claim) {
  --claims_;
  if (--claims_from_.at(claim.host) == 0) claims_from_.erase(claim.host);
}

bool Exports::unheld(const Export& exported, Clock::time_point now) {
  const auto live = [now](Clock::time_point until) { return until > now; };
  return std::none_of(exported.in_transit.begin(), exported.in_transit.end(),
                      [&](const auto& transit) { return live(transit.second.until); }) &&
         std::none_of(exported.holders.begin(), exported.holders.end(),
                      [&](const auto& holder) { return live(holder.second.until); });
}

std::vector<ObjectId> Exports::released(Clock::time_point now) {
  std::vector<ObjectId> released;
  std::vector<std::shared_ptr<RemoteObject>> objects;  // destroyed after the lock, outside it
  std::scoped_lock lock(mutex_);
  for (auto it = exports_.begin(); it != exports_.end();) {
    Export& exported = it->second;
    std::erase_if(exported.holders, [this, now](const auto& holder) {
      if (holder.second.until > now) return false;
      forget(holder.second);
      return true;
    });
    std::erase_if(exported.in_transit, [this, now](const auto& transit) {
      if (transit.second.until > now) return false;
      forget_transit(transit.first);
      return true;
    });
    if (!unheld(exported, now)) {
      ++it;
      continue;
    }
    released.push_back(it->first);  // no holders are left: their claims are forgotten already
    ids_.erase(exported.object.get());
    objects.push_back(std::move(exported.object));
    it = exports_.erase(it);
  }
  return released;
}

std::optional<Exports::Clock::time_point> Exports::next_expiry() const {
  std::optional<Clock::time_point> next;
  const auto earlier = [&next](Clock::time_point until) {
    if (!next || until < *next) next = until;
  };
  std::scoped_lock lock(mutex_);
  for (const auto& [id, exported] : exports_) {
    for (const auto& [holder, claim] : exported.holders)
      earlier(claim.until);
    for (const auto& [host, transit] : exported.in_transit)
      earlier(transit.until);
  }
  return next;
}

std::vector<std::string> Exports::describe() const {
  std::vector<std::string> lines;
  std::scoped_lock lock(mutex_);
  const auto now = Clock::now();
  // A few holders a line, and so many lines: a peer may make up thousands of each, and the
  // description must still fit in a reply.
  constexpr std::size_t kHoldersShown = 4;
  for (const auto& [id, exported] : exports_) {
    if (lines.size() == kMaxDescribed) {
      lines.push_back("and " + std::to_string(exports_.size() - kMaxDescribed) +
                      " more objects exported by reference, not described");
      break;
    }
    std::size_t in_transit = 0;
    for (const auto& [host, transit] : exported.in_transit)
      in_transit += transit.references;
    std::string line = "object " + std::to_string(id) + " (" + exported.class_name + "), by " +
                       "reference: " + std::to_string(in_transit) + " in transit, held by " +
                       std::to_string(exported.holders.size());
    std::size_t shown = 0;
    for (const auto& [holder, claim] : exported.holders) {
      if (shown++ == kHoldersShown) {
        line += "; ...";
        break;
      }
      char left[32];
      std::snprintf(left, sizeof left, "%.1f",
                    std::chrono::duration<double>(claim.until - now).count());
      line += "; " + holder.substr(0, 8) + "... until +" + left + " s";
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

std::size_t Exports::size() const {
  std::scoped_lock lock(mutex_);
  return exports_.size();
}

}  // namespace rmi
