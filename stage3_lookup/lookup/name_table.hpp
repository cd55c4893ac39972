#pragma once
// The lookup service's own table: which name stands for which remote object, who registered it,
// and what classes the service has heard of. The rules of registering, removing and finding by
// class are the exercises RMI.4-RMI.6; storing, listing and forgetting are done here.
//                                                          See lectures/3-lookup.md#the-table
// Time plays no part in these rules: the LookupService forgets the entries whose lease has run
// out (expire()) before it asks the table anything. Not shared between threads on its own: the
// LookupService guards it with its mutex.
#include <chrono>
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "stage2_rmi/rmi/remote_ref.hpp"

namespace rmi {

class NameTable {
 public:
  using Clock = std::chrono::steady_clock;

  struct Entry {
    RemoteRef ref;
    std::string owner;  // the registering process's secret key: never shown, only compared
    Clock::time_point expires;
    std::string host{};  // where the registration came from (set_host), for bounds and the log
  };

  // RMI.5 (exercises/rmi5_register.cpp). Registers `name` for `ref` on behalf of `owner`, until
  // `expires`. `replace`: the caller means to replace a registration of its own. `admin`: the
  // caller holds the service's token.
  void bind(const std::string& name, const RemoteRef& ref, const std::string& owner, bool replace,
            bool admin, Clock::time_point expires);

  // RMI.6 (exercises/rmi6_unregister.cpp). Removes `name`, if `key` is its owner's, or `admin`.
  void unbind(const std::string& name, const std::string& key, bool admin);

  // RMI.4 (exercises/rmi4_find_by_class.cpp). The registered objects that are instances of
  // `class_name` or of a subclass, in the order of their names, at most `at_most` of them.
  std::vector<RemoteRef> find_class(const std::string& class_name, std::size_t at_most) const;

  // Stores an entry as it is, and remembers the classes it declares (at most kMaxKnownClasses).
  void put(const std::string& name, Entry entry);
  // The entry of a name, or nullptr.
  const Entry* entry(const std::string& name) const;
  // The object a name stands for; throws NoSuchName listing a few names there are.
  const RemoteRef& find(const std::string& name) const;
  // The names at or under `prefix` (names.hpp), with their objects.
  std::map<std::string, RemoteRef> list(const std::string& prefix) const;
  // Notes the host that registered `name` (the LookupService knows it; the table does not).
  void set_host(const std::string& name, std::string host);
  // Forgets every entry whose lease ran out by `now`; returns them, by name.
  std::map<std::string, Entry> expire(Clock::time_point now);

  std::size_t size() const { return entries_.size(); }
  std::size_t owned_by(const std::string& owner) const;
  std::size_t registered_from(const std::string& host) const;
  // Whether some registration has declared the class: one there now, or one remembered.
  bool knows_class(const std::string& class_name) const;

 private:
  std::map<std::string, Entry> entries_;
  // The classes registrations have declared, also those of entries that are gone. Only so many
  // are remembered; the classes of the entries there now are known regardless, so a host that
  // declares thousands of made-up classes cannot hide the next real one.
  std::set<std::string> known_classes_;
};

}  // namespace rmi
