#include "stage1_rpc/net/resolver.hpp"

#include <netdb.h>
#include <signal.h>  // struct sigevent, SIGEV_THREAD (g++ does not bring it in on its own)

#include <cstring>
#include <ctime>
#include <memory>

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

// ThreadSanitizer cannot follow the threads glibc starts for getaddrinfo_a (they crash at their
// first malloc), so under it a lookup runs on the caller's thread, without a time limit.
#ifdef __SANITIZE_THREAD__
constexpr bool kThreadSanitizer = true;
#else
constexpr bool kThreadSanitizer = false;
#endif

[[maybe_unused]] in_addr look_up_without_limit(const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const int status = ::getaddrinfo(host.c_str(), nullptr, &hints, &found);
  if (status != 0 || found == nullptr) {
    throw ConnectionError("cannot resolve host '" + host + "': " + ::gai_strerror(status));
  }
  sockaddr_in address{};
  std::memcpy(&address, found->ai_addr, sizeof address);
  ::freeaddrinfo(found);
  return address.sin_addr;
}

timespec as_timespec(int milliseconds) {
  return timespec{milliseconds / 1000, static_cast<long>(milliseconds % 1000) * 1'000'000};
}

}  // namespace

in_addr look_up_host(const std::string& host, const Deadline& deadline) {
  if constexpr (kThreadSanitizer) return look_up_without_limit(host);
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
    throw ConnectionError("cannot resolve host '" + host + "': " + ::gai_strerror(started));
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
      throw Timeout("resolving host '" + host + "' took more than " +
                    std::to_string(deadline.limit().count()) + " ms");
    }
    const timespec pause = as_timespec(left);
    ::gai_suspend(waiting, 1, &pause);  // returns early when done or interrupted
  }
  if (status != 0 || lookup->request.ar_result == nullptr) {
    throw ConnectionError("cannot resolve host '" + host + "': " + ::gai_strerror(status));
  }
  sockaddr_in address{};
  std::memcpy(&address, lookup->request.ar_result->ai_addr, sizeof address);
  return address.sin_addr;
}

}  // namespace rmi
