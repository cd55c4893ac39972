#include "stage3_lookup/lookup/name_table.hpp"

#include <algorithm>

#include "stage3_lookup/lookup/lookup_errors.hpp"
#include "stage3_lookup/lookup/names.hpp"

namespace rmi {

void NameTable::put(const std::string& name, Entry entry) {
  for (const std::string& class_name : entry.ref.classes) {
    if (known_classes_.size() >= kMaxKnownClasses) break;
    known_classes_.insert(class_name);
  }
  entries_[name] = std::move(entry);
}

const NameTable::Entry* NameTable::entry(const std::string& name) const {
  const auto found = entries_.find(name);
  return found == entries_.end() ? nullptr : &found->second;
}

const RemoteRef& NameTable::find(const std::string& name) const {
  if (const Entry* found = entry(name)) return found->ref;
  std::string some;
  int shown = 0;
  for (const auto& [known, e] : entries_) {
    if (shown++ == 10) {
      some += ", ...";
      break;
    }
    some += (some.empty() ? "" : ", ") + known;
  }
  throw NoSuchName("no object is registered as '" + name +
                   "'; names: " + (some.empty() ? "(none)" : some));
}

std::map<std::string, RemoteRef> NameTable::list(const std::string& prefix) const {
  std::map<std::string, RemoteRef> found;
  for (const auto& [name, e] : entries_) {
    if (is_under(name, prefix)) found.emplace(name, e.ref);
  }
  return found;
}

void NameTable::set_host(const std::string& name, std::string host) {
  if (const auto found = entries_.find(name); found != entries_.end()) {
    found->second.host = std::move(host);
  }
}

std::map<std::string, NameTable::Entry> NameTable::expire(Clock::time_point now) {
  std::map<std::string, Entry> forgotten;
  for (auto item = entries_.begin(); item != entries_.end();) {
    if (item->second.expires > now) {
      ++item;
    } else {
      forgotten.insert(entries_.extract(item++));
    }
  }
  return forgotten;
}

std::size_t NameTable::owned_by(const std::string& owner) const {
  return std::count_if(entries_.begin(), entries_.end(),
                       [&](const auto& item) { return item.second.owner == owner; });
}

std::size_t NameTable::registered_from(const std::string& host) const {
  return std::count_if(entries_.begin(), entries_.end(),
                       [&](const auto& item) { return item.second.host == host; });
}

bool NameTable::knows_class(const std::string& class_name) const {
  return known_classes_.contains(class_name) ||
         std::any_of(entries_.begin(), entries_.end(),
                     [&](const auto& item) { return item.second.ref.is_a(class_name); });
}

}  // namespace rmi
