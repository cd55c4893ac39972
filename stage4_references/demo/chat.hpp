#pragma once
// A chat room: callbacks. Each client exports a Listener of its own (passed by reference, from
// its own host) and joins the room with it; the room calls every listener back with each
// message. A listener that cannot be reached any more (its client died, or hangs) is dropped,
// and the room goes on.                              See lectures/4-references.md#the-demos
// This header instantiates Boost archives; include it from .cpp files only.
#include <algorithm>
#include <chrono>
#include <functional>
#include <future>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "stage2_rmi/rmi/exposed.hpp"
#include "stage4_references/refs/remote.hpp"
#include "stage4_references/refs/remote_object.hpp"

namespace demo {

class Listener : public rmi::RemoteObject {
 public:
  virtual void hear(const std::string& from, const std::string& text) = 0;
};

class Room {
 public:
  // What the room says about itself: "alice joined", "bob is gone: ...".
  using Log = std::function<void(const std::string&)>;
  explicit Room(Log log) : log_(std::move(log)) {}

  // Returns who is in the room now, `who` included. A name already taken is refused.
  std::vector<std::string> join(const std::string& who, rmi::Remote<Listener> listener) {
    if (who.empty() || who.size() > 40)
      throw std::invalid_argument("join: a name has 1 to 40 characters");
    std::scoped_lock lock(mutex_);
    if (members_.size() >= 100) throw std::length_error("join: the room is full");
    for (const auto& member : members_)
      if (member.first == who) throw std::invalid_argument("join: " + who + " is here already");
    members_.emplace_back(who, listener.with_timeout(kPatience));
    log_(who + " joined");
    std::vector<std::string> names;
    for (const auto& member : members_)
      names.push_back(member.first);
    return names;
  }

  void leave(const std::string& who) {
    std::scoped_lock lock(mutex_);
    std::erase_if(members_, [&who](const auto& member) { return member.first == who; });
    log_(who + " left");
  }

  // Tells every listener, `who`'s own last: a client that hears its own message knows that
  // everyone else has heard it, or was dropped. The others hear it at once, kAtOnce at a time,
  // each within the room's patience: ten listeners that hang cost a message one patience, not
  // ten. Returns how many heard it.
  int say(const std::string& who, const std::string& text) {
    if (text.size() > 1000) throw std::length_error("say: a message has at most 1000 characters");
    std::vector<std::pair<std::string, rmi::Remote<Listener>>> members;
    {
      std::scoped_lock lock(mutex_);  // not held while calling out: a listener may call back
      members = members_;
    }
    const auto others_end = std::stable_partition(
        members.begin(), members.end(), [&who](const auto& member) { return member.first != who; });
    int heard = 0;
    const auto hear_or_drop = [&](const std::string& name, std::future<void>& future) {
      try {
        future.get();
        ++heard;
      } catch (const rmi::Error& e) {
        log_(name + " is gone: " + e.what());
        leave(name);
      }
    };
    for (auto group = members.begin(); group != others_end;) {
      const auto group_end = group + std::min<std::ptrdiff_t>(kAtOnce, others_end - group);
      std::vector<std::pair<std::string, std::future<void>>> hearing;
      for (auto member = group; member != group_end; ++member)
        hearing.emplace_back(member->first, tell(member->second, who, text));
      for (auto& [name, future] : hearing)
        hear_or_drop(name, future);
      group = group_end;
    }
    for (auto speaker = others_end; speaker != members.end(); ++speaker) {
      std::future<void> future = tell(speaker->second, who, text);
      hear_or_drop(speaker->first, future);
    }
    return heard;
  }

 private:
  // A listener has this long to hear a message: one that hangs does not hold up the room.
  static constexpr std::chrono::milliseconds kPatience{2'000};
  // Each call in flight takes one of the process's few threads for asynchronous calls (at most
  // 64, lectures/2-rmi.md#timeouts), and one that waits for a thread past its deadline is never
  // made: one message to many listeners that hang must not take them all.
  static constexpr std::ptrdiff_t kAtOnce = 32;

  // Starts telling `listener`; the future says when it has heard, or why it has not. A listener
  // in this process hears it when the future is read.
  static std::future<void> tell(const rmi::Remote<Listener>& listener, const std::string& who,
                                const std::string& text) {
    if (listener.is_local()) {
      return std::async(std::launch::deferred,
                        [listener, who, text] { listener.call(&Listener::hear, who, text); });
    }
    return listener.proxy().call_async<void>("hear", who, text);
  }

  const Log log_;
  mutable std::mutex mutex_;
  std::vector<std::pair<std::string, rmi::Remote<Listener>>> members_;  // guarded by mutex_
};

}  // namespace demo

template <>
struct rmi::Exposed<demo::Listener> {
  static void members(Members<demo::Listener>& expose) {
    expose.method("hear", &demo::Listener::hear);
  }
};

template <>
struct rmi::Exposed<demo::Room> {
  static void members(Members<demo::Room>& expose) {
    expose.method("join", &demo::Room::join)
        .method("leave", &demo::Room::leave)
        .method("say", &demo::Room::say);
  }
};
