#include "stage1_rpc/rpc/connection_set.hpp"

namespace rmi {

bool ConnectionSet::start_thread(Socket socket, Serve serve) {
  std::scoped_lock lock(mutex_);
  if (closed_) return false;
  Entry& entry = entries_.emplace_back();
  entry.socket = std::move(socket);
  try {
    entry.thread = std::jthread([this, &entry, serve = std::move(serve)] {
      serve(entry.socket);
      // Close now, so the client sees the end at once; under the lock, so that close_all()
      // never shuts down a descriptor number that has meanwhile been reused.
      std::scoped_lock finished_lock(mutex_);
      entry.socket.close();
      entry.finished = true;
      finished_.notify_all();
    });
  } catch (...) {
    entries_.pop_back();  // no thread: nothing will ever finish this entry
    throw;
  }
  return true;
}

void ConnectionSet::serve_here(Socket socket, const Serve& serve) {
  std::list<Entry>::iterator entry;
  {
    std::scoped_lock lock(mutex_);
    if (closed_) return;
    entry = entries_.emplace(entries_.end());
    entry->socket = std::move(socket);
  }
  serve(entry->socket);
  std::scoped_lock lock(mutex_);
  entries_.erase(entry);
}

std::size_t ConnectionSet::reap() {
  std::list<Entry> ended;
  std::size_t open = 0;
  {
    std::scoped_lock lock(mutex_);
    for (auto it = entries_.begin(); it != entries_.end();) {
      auto next = std::next(it);
      if (it->finished) ended.splice(ended.end(), entries_, it);
      it = next;
    }
    open = entries_.size();
  }
  // Their threads have returned (or are returning), so these joins are short; they happen
  // outside the lock, as do the closes of their sockets.
  ended.clear();
  return open;
}

std::size_t ConnectionSet::open_from(const std::string& host) {
  std::scoped_lock lock(mutex_);
  std::size_t count = 0;
  for (const Entry& entry : entries_)
    count += !entry.finished && entry.socket.peer().host == host ? 1 : 0;
  return count;
}

void ConnectionSet::close_all() {
  std::scoped_lock lock(mutex_);
  closed_ = true;
  for (Entry& entry : entries_)
    entry.socket.shutdown_read();
}

void ConnectionSet::join_all(std::chrono::milliseconds grace) {
  std::list<Entry> all;
  {
    std::unique_lock lock(mutex_);
    const auto all_finished = [this] {
      for (const Entry& entry : entries_) {
        if (!entry.finished) return false;
      }
      return true;
    };
    if (!finished_.wait_for(lock, grace, all_finished)) {
      for (Entry& entry : entries_)
        entry.socket.shutdown_both();
    }
    all.splice(all.end(), entries_);
  }
  all.clear();  // joins every thread
}

}  // namespace rmi
