#include "stage3_lookup/lookup/lookup_service.hpp"

#include "stage1_rpc/core/printable.hpp"
#include "stage1_rpc/rpc/access.hpp"
#include "stage2_rmi/rmi/call_context.hpp"
#include "stage2_rmi/rmi/object_server.hpp"
#include "stage3_lookup/lookup/lookup_errors.hpp"
#include "stage3_lookup/lookup/names.hpp"
#include "stage3_lookup/lookup/reachable.hpp"

template <>
struct rmi::Exposed<rmi::LookupService> {
  static void members(Members<LookupService>& expose) {
    expose.method("bind", &LookupService::bind)
        .method("unbind", &LookupService::unbind)
        .method("lookup", &LookupService::lookup)
        .method("find_class", &LookupService::find_class)
        .method("list", &LookupService::list)
        .method("renew", &LookupService::renew)
        .method("ping", &LookupService::ping);
  }
};

namespace rmi {

namespace {

// Who is calling, for the log: "10.77.0.2" (or "here", for a call made in this process).
std::string caller() {
  const CallContext* call = current_call();
  return call == nullptr ? std::string("here") : call->caller.host;
}

}  // namespace

LookupService::LookupService(LookupOptions options)
    : options_(std::move(options)), log_(options_.log) {}

void export_lookup_service(ObjectServer& server, std::shared_ptr<LookupService> service) {
  server.add(std::move(service), {.id = kLookupObject, .thread_safe = true});
}

// Everything in a registration came from the network: each part is checked and bounded before
// the table sees it.
void LookupService::check_registration(const std::string& name, const RemoteRef& ref,
                                       const std::string& owner) const {
  check_name(name);
  if (!is_plain_text(owner, kMaxOwnerKeyLength)) {
    throw BadName("an owner key must be printable text of 1 to " +
                  std::to_string(kMaxOwnerKeyLength) + " characters");
  }
  if (!is_plain_text(ref.endpoint.host, 255) || ref.endpoint.port == 0) {
    throw BadName("the reference for '" + name + "' names no reachable endpoint ('" +
                  printable(ref.endpoint.to_string()) + "')");
  }
  check_class_name(ref.class_name);
  if (ref.classes.size() > kMaxClassesPerRef || !ref.is_a(ref.class_name)) {
    throw BadName("the reference for '" + name + "' must list its own class among at most " +
                  std::to_string(kMaxClassesPerRef) + " classes");
  }
  std::size_t class_bytes = 0;
  for (const std::string& class_name : ref.classes) {
    check_class_name(class_name);
    class_bytes += class_name.size();
  }
  if (class_bytes > kMaxClassBytesPerRef) {
    throw BadName("the reference for '" + name + "' lists " + std::to_string(class_bytes) +
                  " characters of class names; at most " + std::to_string(kMaxClassBytesPerRef));
  }
  // Sent from another host, a loopback reference means that host: of use there only.
  const CallContext* call = current_call();
  if (call != nullptr && !is_local_only(call->caller.host) && is_local_only(ref.endpoint.host)) {
    throw UnreachableReference(
        unreachable_advice(ref.endpoint, "any host but " + call->caller.host + " (which sent it)"));
  }
}

void LookupService::forget_lapsed() {
  for (const auto& [name, entry] : table_.expire(NameTable::Clock::now()))
    log_(entry.host, "the lease of '" + name + "' ran out: forgotten");
}

// Throws BadName if there is no room for one more name: in all, from `host`, which has
// `from_host` already, or for a process that has `owned` already.
void LookupService::check_room(const std::string& host, std::size_t from_host,
                               std::size_t owned) const {
  if (table_.size() >= kMaxNames) {
    throw BadName("the lookup service holds " + std::to_string(kMaxNames) +
                  " names, as many as it keeps");
  }
  if (from_host >= kMaxNamesPerHost) {
    throw BadName("one host may register at most " + std::to_string(kMaxNamesPerHost) +
                  " names, and " + host + " has");
  }
  if (owned >= kMaxNamesPerOwner) {
    throw BadName("one process may register at most " + std::to_string(kMaxNamesPerOwner) +
                  " names");
  }
}

std::int64_t LookupService::bind(const std::string& name, const RemoteRef& ref,
                                 const std::string& owner, bool replace) {
  check_registration(name, ref, owner);
  const bool admin = !options_.token.empty() && same_secret(owner, options_.token);
  const std::string host = caller();
  std::scoped_lock lock(mutex_);
  forget_lapsed();
  if (table_.entry(name) == nullptr) {
    check_room(host, table_.registered_from(host), table_.owned_by(owner));
  }
  table_.bind(name, ref, owner, replace, admin, NameTable::Clock::now() + options_.lease);
  table_.set_host(name, host);
  log_(host, "registered '" + name + "' for " + ref.to_string() + " (from " + host + ")");
  return options_.lease.count();
}

void LookupService::unbind(const std::string& name, const std::string& key) {
  check_name(name);  // or a refusal would carry back whatever came, up to a frame's worth
  const bool admin = !options_.token.empty() && same_secret(key, options_.token);
  std::scoped_lock lock(mutex_);
  forget_lapsed();
  table_.unbind(name, key, admin);
  const std::string host = caller();
  log_(host, "removed '" + printable(name) + "' (for " + host + ")");
}

RemoteRef LookupService::lookup(const std::string& name) {
  check_name(name);
  std::scoped_lock lock(mutex_);
  forget_lapsed();
  return table_.find(name);
}

std::vector<RemoteRef> LookupService::find_class(const std::string& class_name, bool all) {
  std::scoped_lock lock(mutex_);
  forget_lapsed();
  return table_.find_class(class_name, all ? kMaxNames : 1);
}

std::map<std::string, RemoteRef> LookupService::list(const std::string& prefix) {
  if (!prefix.empty()) check_name(prefix);
  std::scoped_lock lock(mutex_);
  forget_lapsed();
  return table_.list(prefix);
}

std::vector<std::string> LookupService::renew(const std::string& owner,
                                              const std::map<std::string, RemoteRef>& names) {
  if (names.size() > kMaxNamesPerOwner) {
    throw BadName("one process may register at most " + std::to_string(kMaxNamesPerOwner) +
                  " names");
  }
  for (const auto& [name, ref] : names)
    check_registration(name, ref, owner);
  std::vector<std::string> lost;
  const std::string host = caller();
  std::scoped_lock lock(mutex_);
  forget_lapsed();
  const auto expires = NameTable::Clock::now() + options_.lease;
  // Counted once, not once per name; a name that comes back counts as a new one would.
  std::size_t from_host = table_.registered_from(host);
  std::size_t owned = table_.owned_by(owner);
  for (const auto& [name, ref] : names) {
    const bool back = table_.entry(name) == nullptr;  // this service restarted, or it lapsed
    try {
      if (back) check_room(host, from_host, owned);
      table_.bind(name, ref, owner, /*replace=*/true, /*admin=*/false, expires);
      table_.set_host(name, host);
      if (back) {
        ++from_host;
        ++owned;
        log_(host, "registered '" + name + "' again, renewed by " + host);
      }
    } catch (const BadName&) {
      lost.push_back(name);
    } catch (const NameTaken&) {
      lost.push_back(name);
    }
  }
  return lost;
}

std::string LookupService::ping() {
  std::scoped_lock lock(mutex_);
  forget_lapsed();
  const std::size_t names = table_.size();
  return "lookup service: " + std::to_string(names) + (names == 1 ? " name" : " names") +
         ", leases of " + std::to_string(options_.lease.count()) + " ms";
}

}  // namespace rmi
