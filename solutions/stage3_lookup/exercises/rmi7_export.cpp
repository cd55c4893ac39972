// EXERCISE RMI.7* — export from one's own host                   (lectures/3-lookup.md#rmi7)
// Reference solution.
#include "stage1_rpc/core/error.hpp"
#include "stage3_lookup/lookup/exporter.hpp"
#include "stage3_lookup/lookup/lookup_errors.hpp"
#include "stage3_lookup/lookup/reachable.hpp"

namespace rmi {

RemoteRef Exporter::publish_object(const std::string& name, ObjectId id) {
  const RemoteRef ref = server_.ref(id);
  try {
    const std::string& service_host = lookup_.service().host;
    if (!is_local_only(service_host) && is_local_only(ref.endpoint.host)) {
      throw UnreachableReference(unreachable_advice(ref.endpoint, service_host));
    }
    const auto lease = lookup_.bind(name, ref, owner_);
    std::scoped_lock lock(mutex_);
    published_[name] = ref;
    lease_ = lease;
  } catch (...) {
    server_.remove(id);
    throw;
  }
  lease_known_.notify_all();
  return ref;
}

void Exporter::withdraw(const std::string& name) {
  RemoteRef ref;
  {
    std::scoped_lock lock(mutex_);
    const auto found = published_.find(name);
    if (found == published_.end()) {
      throw NoSuchName("'" + name + "' was not published by this exporter");
    }
    ref = found->second;
    published_.erase(found);
  }
  try {
    lookup_.unbind(name, owner_);
  } catch (const Error&) {
    server_.remove(ref.object);  // the name lapses on its own; the object would stay for ever
    throw;
  }
  server_.remove(ref.object);
}

}  // namespace rmi
