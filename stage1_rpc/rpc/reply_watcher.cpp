#include "stage1_rpc/rpc/reply_watcher.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "stage1_rpc/net/syscall.hpp"

namespace rmi {

ReplyWatcher::ReplyWatcher() {
  int pair[2];
  detail::check_syscall("socketpair", [&] {
    return ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, pair);
  });
  bell_reader_ = Socket(pair[0], {"reply watcher", 0});
  bell_writer_ = Socket(pair[1], {"reply watcher", 0});
  thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

ReplyWatcher::~ReplyWatcher() {
  thread_.request_stop();
  ring();
  thread_.join();
  // Calls still watched are dropped with their `ready`: their futures learn it (broken promise).
}

ReplyWatcher& ReplyWatcher::shared() {
  static ReplyWatcher watcher;
  return watcher;
}

void ReplyWatcher::watch(const Socket& socket, Deadline::Clock::time_point deadline,
                         std::function<void()> ready) {
  bool wake = false;
  {
    std::scoped_lock lock(mutex_);
    watched_.emplace(next_++, Watched{socket.fd(), deadline, std::move(ready)});
    // Asleep, the thread polls a list without this entry: it must look again. Once woken, it
    // takes every new entry at once, so a burst of calls rings once.
    wake = std::exchange(asleep_, false);
  }
  if (wake) ring();
}

void ReplyWatcher::ring() {
  const char bell = 1;
  [[maybe_unused]] auto ignored = ::send(bell_writer_.fd(), &bell, 1, MSG_NOSIGNAL | MSG_DONTWAIT);
}

void ReplyWatcher::run(const std::stop_token& stop) {
  std::vector<pollfd> fds;
  std::vector<std::uint64_t> numbers;  // of the entries in fds, from fds[1] on
  std::vector<std::function<void()>> due;
  while (!stop.stop_requested()) {
    fds.assign(1, pollfd{bell_reader_.fd(), POLLIN, 0});
    numbers.clear();
    auto wake_at = Deadline::Clock::time_point::max();
    {
      std::scoped_lock lock(mutex_);
      for (const auto& [number, watched] : watched_) {
        fds.push_back({watched.fd, POLLIN, 0});
        numbers.push_back(number);
        wake_at = std::min(wake_at, watched.deadline);
      }
      asleep_ = true;
    }
    // Nothing to watch: wait for the bell alone. Otherwise until the first deadline at most.
    int timeout = -1;
    if (wake_at != Deadline::Clock::time_point::max()) {
      const auto left =
          std::chrono::ceil<std::chrono::milliseconds>(wake_at - Deadline::Clock::now());
      timeout = static_cast<int>(std::clamp<long long>(left.count(), 0, 60'000));
    }
    detail::retry_on_eintr([&] { return ::poll(fds.data(), fds.size(), timeout); });
    if (fds[0].revents != 0) {
      char bells[64];
      while (::recv(bell_reader_.fd(), bells, sizeof bells, MSG_DONTWAIT) > 0) {
      }
    }
    const auto now = Deadline::Clock::now();
    {
      std::scoped_lock lock(mutex_);
      asleep_ = false;
      for (std::size_t i = 0; i < numbers.size(); ++i) {
        const auto entry = watched_.find(numbers[i]);
        if (entry == watched_.end()) continue;
        if (fds[i + 1].revents != 0 || entry->second.deadline <= now) {
          due.push_back(std::move(entry->second.ready));
          watched_.erase(entry);
        }
      }
    }
    // Outside the lock: a `ready` may send another call ahead, which watch()es it.
    for (auto& ready : due) {
      try {
        ready();
      } catch (...) {
        // A `ready` that throws loses only its own answer; the other calls must go on.
      }
      ready = nullptr;  // what it holds (the call's connection) goes now
    }
    due.clear();
  }
}

}  // namespace rmi
