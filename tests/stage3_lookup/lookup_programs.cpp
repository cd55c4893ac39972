#include "tests/stage3_lookup/lookup_programs.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>
#include <thread>
#include <utility>

namespace rmi::test {

using namespace std::chrono_literals;

std::string stage3_program(const std::string& name) {
  return program_path("stage3_lookup/" + name);
}

LookupServerProcess::LookupServerProcess(std::vector<std::string> options, std::uint16_t port)
    : process_(stage3_program("lookup_server"),
               [&] {
                 options.insert(options.begin(), {"--port", std::to_string(port)});
                 return options;
               }()),
      address_(process_.wait_ready(10s)) {}

ExporterProcess start_exporter(const std::string& program, const Endpoint& service,
                               const std::vector<std::string>& arguments) {
  std::vector<std::string> all{"--lookup", service.to_string()};
  all.insert(all.end(), arguments.begin(), arguments.end());
  ExporterProcess exporter{std::make_unique<ChildProcess>(stage3_program(program), all), {}};
  exporter.address = exporter.process->wait_ready(10s);
  return exporter;
}

ProgramRun run_program(const std::string& program, const std::vector<std::string>& arguments) {
  // Never the local network's lookup services, whatever the environment says: only --lookup.
  return run_to_end(stage3_program(program), arguments, {"RMI_LOOKUP_BROADCAST=0"});
}

ProgramRun run_tool(const Endpoint& service, std::vector<std::string> arguments) {
  arguments.insert(arguments.end(), {"--lookup", service.to_string()});
  return run_program("lookup_tool", arguments);
}

ClosedPort::ClosedPort() : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
      ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    if (fd_ >= 0) ::close(fd_);
    throw std::runtime_error("could not reserve a loopback port");
  }
  port_ = ntohs(address.sin_port);
}

ClosedPort::~ClosedPort() {
  ::close(fd_);
}

}  // namespace rmi::test
