#include "stage3_lookup/lookup/lookup_client.hpp"

#include "stage2_rmi/rmi/proxy.hpp"
#include "stage2_rmi/rmi/remote_errors.hpp"
#include "stage3_lookup/lookup/lookup_errors.hpp"
#include "stage3_lookup/lookup/lookup_service.hpp"

namespace rmi {

namespace {

// The service's errors reach its clients as themselves (RMI.2's registry): registered once,
// before the first call can bring one.
void register_lookup_errors() {
  static const bool registered = [] {
    register_remote_error<NoSuchName>();
    register_remote_error<NoSuchClass>();
    register_remote_error<MalformedClassName>();
    register_remote_error<BadName>();
    register_remote_error<UnreachableReference>();
    register_remote_error<NameTaken>();
    register_remote_error<NotOwner>();
    return true;
  }();
  (void)registered;
}

}  // namespace

LookupClient::LookupClient(Endpoint service, ClientOptions options)
    : connection_(std::make_shared<Connection>(std::move(service), std::move(options))) {
  register_lookup_errors();
}

RemoteRef LookupClient::lookup(const std::string& name) const {
  return Proxy(connection_, kLookupObject).call<RemoteRef>("lookup", name);
}

std::optional<RemoteRef> LookupClient::find_class(const std::string& class_name) const {
  auto found = Proxy(connection_, kLookupObject)
                   .call<std::vector<RemoteRef>>("find_class", class_name, false);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<RemoteRef> LookupClient::find_all(const std::string& class_name) const {
  return Proxy(connection_, kLookupObject)
      .call<std::vector<RemoteRef>>("find_class", class_name, true);
}

std::map<std::string, RemoteRef> LookupClient::list(const std::string& prefix) const {
  return Proxy(connection_, kLookupObject).call<std::map<std::string, RemoteRef>>("list", prefix);
}

std::chrono::milliseconds LookupClient::bind(const std::string& name, const RemoteRef& ref,
                                             const std::string& owner, bool replace) const {
  return std::chrono::milliseconds(
      Proxy(connection_, kLookupObject).call<std::int64_t>("bind", name, ref, owner, replace));
}

void LookupClient::unbind(const std::string& name, const std::string& key) const {
  Proxy(connection_, kLookupObject).call<void>("unbind", name, key);
}

std::vector<std::string> LookupClient::renew(const std::string& owner,
                                             const std::map<std::string, RemoteRef>& names) const {
  return Proxy(connection_, kLookupObject).call<std::vector<std::string>>("renew", owner, names);
}

std::string LookupClient::ping() const {
  return Proxy(connection_, kLookupObject).call<std::string>("ping");
}

}  // namespace rmi
