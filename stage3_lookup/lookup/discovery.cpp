#include "stage3_lookup/lookup/discovery.hpp"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <memory>
#include <system_error>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/core/printable.hpp"
#include "stage1_rpc/net/syscall.hpp"
#include "stage3_lookup/lookup/reachable.hpp"

namespace rmi {

namespace {

Socket udp_socket(const Endpoint& address, const Deadline& deadline) {
  Socket socket(
      detail::check_syscall(
          "socket", [] { return ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0); }),
      address);
  const int on = 1;
  ::setsockopt(socket.fd(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  const sockaddr_in bound = resolve(address, deadline);
  detail::check_syscall("bind UDP " + address.to_string(), [&] {
    return ::bind(socket.fd(), reinterpret_cast<const sockaddr*>(&bound), sizeof bound);
  });
  return socket;
}

Endpoint bound_address(const Socket& socket) {
  sockaddr_in bound{};
  socklen_t length = sizeof bound;
  ::getsockname(socket.fd(), reinterpret_cast<sockaddr*>(&bound), &length);
  return to_endpoint(bound);
}

}  // namespace

DiscoveryResponder::DiscoveryResponder(const Endpoint& address, Endpoint service, Logger log)
    : socket_(udp_socket(address, Deadline::after(std::chrono::seconds(5)))),
      address_(bound_address(socket_)),
      service_(std::move(service)),
      log_(std::move(log)) {
  int pair[2];
  detail::check_syscall("socketpair",
                        [&] { return ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair); });
  wake_reader_ = Socket(pair[0], address_);
  wake_writer_ = Socket(pair[1], address_);
  thread_ = std::jthread([this](std::stop_token stop) { answer_questions(stop); });
}

DiscoveryResponder::~DiscoveryResponder() {
  thread_.request_stop();
  const char bell = 1;
  [[maybe_unused]] auto rang = ::send(wake_writer_.fd(), &bell, 1, MSG_NOSIGNAL | MSG_DONTWAIT);
}

// Anyone may send anything: a datagram that is not exactly the question gets no answer, and
// an answer is no larger than a question, so the service cannot be used to flood a third party.
void DiscoveryResponder::answer_questions(std::stop_token stop) {
  const std::string answer = std::string(kDiscoveryAnswer) + service_.to_string();
  while (!stop.stop_requested()) {
    pollfd waiting[2] = {{socket_.fd(), POLLIN, 0}, {wake_reader_.fd(), POLLIN, 0}};
    if (::poll(waiting, 2, -1) <= 0) continue;
    if (waiting[1].revents != 0) return;
    char question[64];
    sockaddr_in asker{};
    socklen_t length = sizeof asker;
    const ssize_t got = ::recvfrom(socket_.fd(), question, sizeof question, 0,
                                   reinterpret_cast<sockaddr*>(&asker), &length);
    if (got != static_cast<ssize_t>(kDiscoveryQuestion.size()) ||
        std::string_view(question, static_cast<std::size_t>(got)) != kDiscoveryQuestion) {
      continue;
    }
    [[maybe_unused]] const auto sent =
        ::sendto(socket_.fd(), answer.data(), answer.size(), MSG_DONTWAIT,
                 reinterpret_cast<const sockaddr*>(&asker), length);
    log_("told " + to_endpoint(asker).to_string() + " where the lookup service is");
  }
}

std::vector<std::string> broadcast_destinations(const std::string& broadcast_address) {
  std::vector<std::string> destinations{broadcast_address};
  ifaddrs* interfaces = nullptr;
  if (broadcast_address != "255.255.255.255" || ::getifaddrs(&interfaces) != 0) {
    return destinations;
  }
  const std::unique_ptr<ifaddrs, void (*)(ifaddrs*)> owned(interfaces, ::freeifaddrs);
  for (const ifaddrs* i = interfaces; i != nullptr; i = i->ifa_next) {
    const bool broadcasts = (i->ifa_flags & IFF_UP) != 0 && (i->ifa_flags & IFF_BROADCAST) != 0;
    if (!broadcasts || i->ifa_addr == nullptr || i->ifa_addr->sa_family != AF_INET ||
        i->ifa_broadaddr == nullptr) {
      continue;
    }
    const std::string address =
        to_endpoint(*reinterpret_cast<const sockaddr_in*>(i->ifa_broadaddr)).host;
    if (std::find(destinations.begin(), destinations.end(), address) == destinations.end()) {
      destinations.push_back(address);
    }
  }
  return destinations;
}

std::optional<Endpoint> discover_lookup_service(const std::string& broadcast_address,
                                                std::uint16_t port, const Deadline& deadline) {
  Socket socket = udp_socket({"0.0.0.0", 0}, deadline);
  const int on = 1;
  detail::check_syscall("setsockopt SO_BROADCAST", [&] {
    return ::setsockopt(socket.fd(), SOL_SOCKET, SO_BROADCAST, &on, sizeof on);
  });
  // Sent wherever it can go; a destination without a route (255.255.255.255 on a host without a
  // default route) is no failure while another one takes it.
  std::string failures;
  bool sent = false;
  for (const std::string& destination : broadcast_destinations(broadcast_address)) {
    const sockaddr_in everyone = resolve({destination, port}, deadline);
    if (detail::retry_on_eintr([&] {
          return ::sendto(socket.fd(), kDiscoveryQuestion.data(), kDiscoveryQuestion.size(), 0,
                          reinterpret_cast<const sockaddr*>(&everyone), sizeof everyone);
        }) >= 0) {
      sent = true;
    } else {
      failures += (failures.empty() ? "" : "; ") + destination + ": " +
                  std::generic_category().message(errno);
    }
  }
  if (!sent) throw ConnectionError("the question could not be sent: " + failures);
  for (;;) {
    pollfd waiting{socket.fd(), POLLIN, 0};
    const int left = deadline.remaining_ms();
    if (left == 0 || ::poll(&waiting, 1, left) <= 0) return std::nullopt;
    char answer[300];
    sockaddr_in from{};
    socklen_t length = sizeof from;
    const ssize_t got = ::recvfrom(socket.fd(), answer, sizeof answer, 0,
                                   reinterpret_cast<sockaddr*>(&from), &length);
    if (got <= 0) continue;
    const std::string_view text(answer, static_cast<std::size_t>(got));
    if (!text.starts_with(kDiscoveryAnswer)) continue;  // not an answer: wait for another
    try {
      Endpoint service = parse_endpoint(text.substr(kDiscoveryAnswer.size()));
      if (!is_plain_text(service.host, 255)) continue;
      // A service on every interface says 0.0.0.0: it is where the answer came from.
      if (service.host == "0.0.0.0") service.host = to_endpoint(from).host;
      return service;
    } catch (const Error&) {
      continue;
    }
  }
}

}  // namespace rmi
