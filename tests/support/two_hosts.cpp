#include "tests/support/two_hosts.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <string>

#include "tests/support/child_process.hpp"

namespace rmi::test {

namespace {

// Runs a command to its end; true if it succeeded.
bool run(const std::vector<std::string>& command) {
  ChildProcess process(command.front(), {command.begin() + 1, command.end()});
  return process.wait_exit(std::chrono::seconds(10)) == 0;
}

std::string find_ip() {
  for (const char* path : {"/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"}) {
    if (::access(path, X_OK) == 0) return path;
  }
  return "";
}

// Namespaces left behind by a test program that was killed (the grader's timeout): their names
// end in the pid of a process that no longer exists.
void remove_stale_namespaces(const std::string& ip) {
  ChildProcess list(ip, {"netns", "list"});
  const std::string names = list.read_rest(std::chrono::seconds(5));
  std::size_t at = 0;
  while ((at = names.find("rmi-", at)) != std::string::npos) {
    const std::string name = names.substr(at, names.find_first_of(" \n", at) - at);
    at += name.size();
    const std::string pid = name.substr(name.rfind('-') + 1);
    if (name.size() > 6 && ::kill(std::stoi(pid), 0) != 0 && errno == ESRCH) {
      run({ip, "netns", "del", name});
    }
  }
}

}  // namespace

TwoHosts::TwoHosts() {
  const std::string ip = find_ip();
  if (ip.empty()) {
    reason_ = "iproute2's ip command is not installed";
    return;
  }
  if (::geteuid() != 0) {
    reason_ = "making network namespaces needs root";
    return;
  }
  remove_stale_namespaces(ip);
  const std::string tag = std::to_string(::getpid());
  first_ = "rmi-a-" + tag;
  second_ = "rmi-b-" + tag;
  const std::string veth_a = "rmia" + tag, veth_b = "rmib" + tag;
  const bool made =
      run({ip, "netns", "add", first_}) && run({ip, "netns", "add", second_}) &&
      run({ip, "link", "add", veth_a, "type", "veth", "peer", "name", veth_b}) &&
      run({ip, "link", "set", veth_a, "netns", first_}) &&
      run({ip, "link", "set", veth_b, "netns", second_}) &&
      run({ip, "-n", first_, "addr", "add", std::string(kFirstAddress) + "/24", "dev", veth_a}) &&
      run({ip, "-n", second_, "addr", "add", std::string(kSecondAddress) + "/24", "dev", veth_b}) &&
      run({ip, "-n", first_, "link", "set", veth_a, "up"}) &&
      run({ip, "-n", second_, "link", "set", veth_b, "up"}) &&
      run({ip, "-n", first_, "link", "set", "lo", "up"}) &&
      run({ip, "-n", second_, "link", "set", "lo", "up"});
  if (!made) reason_ = "this machine does not allow network namespaces and veth links";
}

TwoHosts::~TwoHosts() {
  const std::string ip = find_ip();
  if (ip.empty() || first_.empty()) return;
  run({ip, "netns", "del", first_});  // deleting a namespace removes its end of the veth pair
  run({ip, "netns", "del", second_});
}

std::vector<std::string> TwoHosts::on_first(const std::string& program) const {
  return {find_ip(), "netns", "exec", first_, program};
}

std::vector<std::string> TwoHosts::on_second(const std::string& program) const {
  return {find_ip(), "netns", "exec", second_, program};
}

}  // namespace rmi::test
