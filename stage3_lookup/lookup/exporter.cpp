#include "stage3_lookup/lookup/exporter.hpp"

#include <random>

#include "stage1_rpc/core/error.hpp"

namespace rmi {

namespace {

// 128 random bits, as hex: a key nobody else can guess, which never leaves this process except
// to the lookup service.
std::string new_owner_key() {
  std::random_device entropy;
  std::string key;
  for (int i = 0; i < 4; ++i) {
    char word[9];
    std::snprintf(word, sizeof word, "%08x", entropy());
    key += word;
  }
  return key;
}

}  // namespace

Exporter::Exporter(LookupClient lookup, ServerOptions options)
    : lookup_(std::move(lookup)),
      server_(options),
      log_(options.log),
      owner_(new_owner_key()),
      renewer_([this](std::stop_token stop) { keep_renewing(stop); }) {
  server_.start();
}

Exporter::~Exporter() {
  renewer_.request_stop();
  renewer_.join();
  std::map<std::string, RemoteRef> names;
  {
    std::scoped_lock lock(mutex_);
    names.swap(published_);
  }
  for (const auto& [name, ref] : names) {
    try {
      lookup_.unbind(name, owner_);
    } catch (const Error& e) {  // the service is gone, or the name lapsed: it will not stay
      log_("could not withdraw '" + name + "' (it lapses within its lease): " + e.what());
    }
  }
}

// Each third of a lease, every name again: a missed renewal or two does not lose a name, and a
// lookup service that restarted is filled again within a third of a lease.
void Exporter::keep_renewing(std::stop_token stop) {
  std::unique_lock lock(mutex_);
  while (!stop.stop_requested()) {
    if (lease_.count() == 0) {
      lease_known_.wait(lock, stop, [this] { return lease_.count() > 0; });
      continue;
    }
    if (lease_known_.wait_for(lock, stop, lease_ / 3, [] { return false; })) continue;
    if (stop.stop_requested() || published_.empty()) continue;
    const std::map<std::string, RemoteRef> names = published_;
    lock.unlock();  // no lock is held across a remote call
    try {
      for (const std::string& lost : lookup_.renew(owner_, names)) {
        log_("lost the name '" + lost + "': another process registered it meanwhile");
        std::scoped_lock forget(mutex_);
        published_.erase(lost);
      }
    } catch (const Error& e) {
      log_("could not renew at the lookup service " + lookup_.service().to_string() +
           " (trying again in a third of a lease): " + e.what());
    }
    lock.lock();
  }
}

}  // namespace rmi
