#include "stage1_rpc/rpc/connection_pool.hpp"

namespace rmi {

ConnectionPool& ConnectionPool::shared() {
  static ConnectionPool pool;
  return pool;
}

std::shared_ptr<Connection> ConnectionPool::to(const Endpoint& server) {
  std::shared_ptr<Connection> dropped;  // the one no longer kept: closed after the lock
  std::scoped_lock lock(mutex_);
  // Forget servers nobody uses any more, so the map cannot grow without bound.
  std::erase_if(connections_, [](const auto& entry) { return entry.second.expired(); });
  std::shared_ptr<Connection> connection = connections_[server].lock();
  if (!connection) {
    connection = std::make_shared<Connection>(server, options_);
    connections_[server] = connection;
  }
  std::erase(recent_, connection);
  recent_.push_front(connection);
  if (recent_.size() > kKeptRecent) {
    dropped = std::move(recent_.back());
    recent_.pop_back();
  }
  return connection;
}

}  // namespace rmi
