#include "tests/support/test_network.hpp"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <exception>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <thread>

#include "tests/support/child_process.hpp"

namespace rmi::test {

namespace {

std::string find_ip() {
  for (const char* path : {"/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"}) {
    if (::access(path, X_OK) == 0) return path;
  }
  return "";
}

// Runs `ip arguments...` to its end; true if it succeeded.
bool ip(const std::vector<std::string>& arguments) {
  ChildProcess process(find_ip(), arguments);
  return process.wait_exit(std::chrono::seconds(10)) == 0;
}

// Where ip netns exec finds the files it mounts over /etc for a namespace.
std::filesystem::path etc_of(const std::string& name) {
  return "/etc/netns/" + name;
}

void remove_namespace(const std::string& name) {
  ip({"netns", "del", name});  // its cables and bridge go with it
  std::error_code ignored;
  std::filesystem::remove_all(etc_of(name), ignored);
  std::filesystem::remove("/etc/netns", ignored);  // only if nothing else is in it
}

// Namespaces left behind by a test program that was killed (the grader's timeout): their names
// start with "rmi-" and end in the pid of a process that no longer exists.
void remove_stale_namespaces() {
  ChildProcess list(find_ip(), {"netns", "list"});
  const std::string names = list.read_rest(std::chrono::seconds(5));
  std::size_t at = 0;
  while ((at = names.find("rmi-", at)) != std::string::npos) {
    const std::string name = names.substr(at, names.find_first_of(" \n", at) - at);
    at += name.size();
    const std::string pid = name.substr(name.rfind('-') + 1);
    if (pid.find_first_not_of("0123456789") != std::string::npos || pid.empty()) continue;
    if (::kill(std::stoi(pid), 0) != 0 && errno == ESRCH) remove_namespace(name);
  }
}

}  // namespace

TestNetwork::TestNetwork(int hosts, std::string subnet) : subnet_(std::move(subnet)) {
  if (find_ip().empty()) {
    reason_ = "iproute2's ip command is not installed";
    return;
  }
  if (::geteuid() != 0) {
    reason_ = "making network namespaces needs root";
    return;
  }
  remove_stale_namespaces();
  // Unique on this machine: this process's id, and which of its networks this is.
  static std::atomic<int> networks_made{0};
  const std::string tag = std::to_string(networks_made++) + "-" + std::to_string(::getpid());
  const std::string switch_ = "rmi-sw" + tag;
  namespaces_.push_back(switch_);
  bool made = ip({"netns", "add", switch_}) &&
              ip({"-n", switch_, "link", "add", "bridge", "type", "bridge"}) &&
              ip({"-n", switch_, "link", "set", "bridge", "up"});
  for (int host = 1; made && host <= hosts; ++host) {
    const std::string name = "rmi-h" + std::to_string(host) + "n" + tag;
    const std::string port = "port" + std::to_string(host);
    namespaces_.push_back(name);
    // One cable: "portN" at the switch, plugged into the bridge; "eth0" at the host.
    made = ip({"netns", "add", name}) &&
           ip({"-n", switch_, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns",
               name}) &&
           ip({"-n", switch_, "link", "set", port, "master", "bridge", "up"}) &&
           ip({"-n", name, "addr", "add", address(host) + "/24", "broadcast", broadcast_address(),
               "dev", "eth0"}) &&
           ip({"-n", name, "link", "set", "eth0", "up"}) &&
           ip({"-n", name, "link", "set", "lo", "up"});
  }
  if (!made) reason_ = "this machine does not allow network namespaces, veth links and bridges";
}

TestNetwork::~TestNetwork() {
  for (const std::string& name : namespaces_)
    remove_namespace(name);
}

std::vector<std::string> TestNetwork::on(int host, const std::string& program) const {
  return {find_ip(), "netns", "exec", namespaces_.at(static_cast<std::size_t>(host)), program};
}

void TestNetwork::use_nameserver(int host, const std::string& nameserver) {
  const std::filesystem::path etc = etc_of(namespaces_.at(static_cast<std::size_t>(host)));
  std::filesystem::create_directories(etc);
  // glibc's defaults, written out: each attempt waits 5 s for an answer, twice.
  std::ofstream(etc / "resolv.conf") << "nameserver " << nameserver << "\n"
                                     << "options timeout:5 attempts:2\n";
}

void TestNetwork::run_on(int host, const std::function<void()>& work) const {
  const std::string path = "/var/run/netns/" + namespaces_.at(static_cast<std::size_t>(host));
  std::exception_ptr failure;
  std::thread([&] {
    try {
      const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
      const int joined = fd < 0 ? -1 : ::setns(fd, CLONE_NEWNET);
      const int error = errno;
      if (fd >= 0) ::close(fd);
      if (joined != 0) throw std::system_error(error, std::generic_category(), "setns " + path);
      work();
    } catch (...) {
      failure = std::current_exception();
    }
  }).join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace rmi::test
