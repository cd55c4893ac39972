#include "stage1_rpc/net/resolver.hpp"

#include <netdb.h>
#include <signal.h>  // SIGEV_THREAD, sigval

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <ctime>
#include <memory>
#include <mutex>
#include <thread>

#include "stage1_rpc/core/error.hpp"

namespace rmi {

namespace {

// One lookup in progress. glibc writes into `request` until the lookup is complete, and a lookup
// that is already being answered cannot be cancelled, so this must outlive an impatient caller:
// both the caller and glibc's completion callback hold a shared_ptr, and the last one frees it.
struct PendingLookup {
  explicit PendingLookup(std::string name) : host(std::move(name)) {
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    request.ar_name = host.c_str();
    request.ar_request = &hints;
  }
  ~PendingLookup() {
    if (request.ar_result != nullptr) ::freeaddrinfo(request.ar_result);
  }
  PendingLookup(const PendingLookup&) = delete;
  PendingLookup& operator=(const PendingLookup&) = delete;

  std::string host;
  addrinfo hints{};
  gaicb request{};
};

using Handle = std::shared_ptr<PendingLookup>;

// Runs on glibc's thread when the lookup completes: it drops glibc's share of the lookup.
void lookup_finished(sigval value) {
  std::unique_ptr<Handle> glibcs_share(static_cast<Handle*>(value.sival_ptr));
}

[[noreturn]] void throw_unresolved(const std::string& host, int status) {
  throw ConnectionError("cannot resolve host '" + host + "': " + ::gai_strerror(status));
}

[[noreturn]] void throw_too_late(const std::string& host, const Deadline& deadline) {
  throw Timeout("resolving host '" + host + "' took more than " +
                std::to_string(deadline.limit().count()) + " ms");
}

// ThreadSanitizer cannot follow the threads glibc starts for getaddrinfo_a: they are made inside
// libc, out of its sight, and it crashes on their first malloc. Under it, the same lookup runs
// with plain getaddrinfo() on a thread of ours (which it sees), and the caller stops waiting
// for it at the deadline just the same.
[[maybe_unused]] in_addr look_up_on_own_thread(const std::string& host, const Deadline& deadline) {
  struct Lookup {
    std::mutex mutex;
    std::condition_variable done;
    bool finished = false;
    int status = 0;
    in_addr address{};
  };
  const auto lookup = std::make_shared<Lookup>();  // shared with a thread that may outlive us
  std::thread([lookup, host] {
    addrinfo hints{};
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* result = nullptr;
    const int status = ::getaddrinfo(host.c_str(), nullptr, &hints, &result);
    std::scoped_lock lock(lookup->mutex);
    lookup->status = status != 0 ? status : result == nullptr ? EAI_NONAME : 0;
    if (lookup->status == 0) {
      lookup->address = reinterpret_cast<const sockaddr_in*>(result->ai_addr)->sin_addr;
    }
    if (result != nullptr) ::freeaddrinfo(result);
    lookup->finished = true;
    lookup->done.notify_all();
  }).detach();
  std::unique_lock lock(lookup->mutex);
  if (!lookup->done.wait_for(lock, std::chrono::milliseconds(deadline.remaining_ms()),
                             [&] { return lookup->finished; })) {
    throw_too_late(host, deadline);
  }
  if (lookup->status != 0) throw_unresolved(host, lookup->status);
  return lookup->address;
}

timespec as_timespec(int milliseconds) {
  return timespec{milliseconds / 1000, static_cast<long>(milliseconds % 1000) * 1'000'000};
}

}  // namespace

in_addr look_up_host(const std::string& host, const Deadline& deadline) {
#if defined(__SANITIZE_THREAD__)
  return look_up_on_own_thread(host, deadline);
#endif
  const auto lookup = std::make_shared<PendingLookup>(host);
  // glibc's share travels through the C callback as a plain pointer to a heap-held Handle.
  auto glibcs_share = std::make_unique<Handle>(lookup);
  sigevent when_done{};
  when_done.sigev_notify = SIGEV_THREAD;
  when_done.sigev_notify_function = lookup_finished;
  when_done.sigev_value.sival_ptr = glibcs_share.get();
  gaicb* requests[1] = {&lookup->request};
  const int started = ::getaddrinfo_a(GAI_NOWAIT, requests, 1, &when_done);
  if (started != 0) {
    throw_unresolved(host, started);
  }
  Handle* const handed_over = glibcs_share.release();  // lookup_finished frees it when done

  const gaicb* waiting[1] = {&lookup->request};
  int status = EAI_INPROGRESS;
  while ((status = ::gai_error(&lookup->request)) == EAI_INPROGRESS) {
    const int left = deadline.remaining_ms();
    if (left == 0) {
      // Cancelled before it started, it never completes, so its share is ours to free; if it
      // is too late to cancel, it finishes unseen and lookup_finished frees it.
      if (::gai_cancel(&lookup->request) == EAI_CANCELED) {
        const std::unique_ptr<Handle> ours_again(handed_over);
      }
      throw_too_late(host, deadline);
    }
    const timespec pause = as_timespec(left);
    ::gai_suspend(waiting, 1, &pause);  // returns early when done or interrupted
  }
  if (status != 0 || lookup->request.ar_result == nullptr) {
    throw_unresolved(host, status);
  }
  sockaddr_in address{};
  std::memcpy(&address, lookup->request.ar_result->ai_addr, sizeof address);
  return address.sin_addr;
}

}  // namespace rmi
