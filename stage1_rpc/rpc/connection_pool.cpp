#include "stage1_rpc/rpc/connection_pool.hpp"

namespace rmi {

ConnectionPool& ConnectionPool::shared() {
  static ConnectionPool pool;
  return pool;
}

std::shared_ptr<Connection> ConnectionPool::to(const Endpoint& server) {
  std::scoped_lock lock(mutex_);
  // Forget servers nobody uses any more, so the map cannot grow without bound.
  std::erase_if(connections_, [](const auto& entry) { return entry.second.expired(); });
  if (auto existing = connections_[server].lock()) return existing;
  auto made = std::make_shared<Connection>(server, options_);
  connections_[server] = made;
  return made;
}

}  // namespace rmi
