#include "stage1_rpc/rpc/connection_set.hpp"

namespace rmi {

namespace {

// After the grace period, how long finish() waits for connections it has just shut down: a thread
// blocked sending or receiving wakes at once; one still running a function will not.
constexpr std::chrono::milliseconds kAfterCutOff{100};

}  // namespace

ConnectionSet::Start ConnectionSet::start_thread(Socket& socket, const Limits& limits,
                                                 Serve serve) {
  std::scoped_lock lock(mutex_);
  if (closed_) return Start::Closed;
  if (serving_ >= limits.connections) return Start::OverLimit;
  if (limits.per_host < limits.connections &&
      open_from_locked(socket.peer().host) >= limits.per_host) {
    return Start::OverLimit;
  }
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
      --serving_;
      finished_.notify_all();
    });
  } catch (...) {
    entries_.pop_back();  // no thread: nothing will ever finish this entry
    throw;
  }
  ++serving_;  // under the lock, so its thread cannot count itself finished first
  return Start::Started;
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
  finished_.notify_all();
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
  return open_from_locked(host);
}

std::size_t ConnectionSet::open_from_locked(const std::string& host) const {
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

std::size_t ConnectionSet::finish(std::chrono::steady_clock::time_point deadline) {
  std::list<Entry> ended;
  std::size_t still_running = 0;
  {
    std::unique_lock lock(mutex_);
    const auto all_finished = [this] {
      for (const Entry& entry : entries_) {
        if (!entry.finished) return false;
      }
      return true;
    };
    if (!finished_.wait_until(lock, deadline, all_finished)) {
      for (Entry& entry : entries_)
        entry.socket.shutdown_both();
      finished_.wait_for(lock, kAfterCutOff, all_finished);
    }
    for (auto it = entries_.begin(); it != entries_.end();) {
      auto next = std::next(it);
      if (it->finished) ended.splice(ended.end(), entries_, it);
      it = next;
    }
    still_running = entries_.size();
  }
  ended.clear();  // joins their threads, which have returned (or are returning)
  return still_running;
}

bool ConnectionSet::runs_on_this_thread() {
  std::scoped_lock lock(mutex_);
  for (const Entry& entry : entries_) {
    if (entry.thread.get_id() == std::this_thread::get_id()) return true;
  }
  return false;
}

}  // namespace rmi
