#pragma once
// A chat room: callbacks. Each client exports a Listener of its own (passed by reference, from
// its own host) and joins the room with it; the room calls every listener back with each
// message. A listener that cannot be reached any more (its client died, or hangs) is dropped,
// and the room goes on.                              See lectures/4-references.md#the-demos
// This header instantiates Boost archives; include it from .cpp files only.
#include <algorithm>
#include <chrono>
#include <functional>
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

  // Tells every listener, in the order they joined, `who`'s own last: a client that hears its
  // own message knows that everyone before it has heard it. Returns how many heard it.
  int say(const std::string& who, const std::string& text) {
    if (text.size() > 1000) throw std::length_error("say: a message has at most 1000 characters");
    std::vector<std::pair<std::string, rmi::Remote<Listener>>> members;
    {
      std::scoped_lock lock(mutex_);  // not held while calling out: a listener may call back
      members = members_;
    }
    std::stable_partition(members.begin(), members.end(),
                          [&who](const auto& member) { return member.first != who; });
    int heard = 0;
    for (const auto& [name, listener] : members) {
      try {
        listener.call(&Listener::hear, who, text);
        ++heard;
      } catch (const rmi::Error& e) {
        log_(name + " is gone: " + e.what());
        leave(name);
      }
    }
    return heard;
  }

 private:
  // A listener has this long to hear a message: one that hangs does not hold up the room.
  static constexpr std::chrono::milliseconds kPatience{2'000};
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
