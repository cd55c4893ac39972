#include "tests/stage4_references/reference_programs.hpp"

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include "stage2_rmi/rmi/proxy.hpp"

namespace rmi::test {

using namespace std::chrono_literals;

std::string program(const std::string& name) {
  return program_path(name);
}

DemoPrograms::DemoPrograms()
    : lookup_(program("stage3_lookup/lookup_server"), {"--port", "0"}),
      lookup_address_(lookup_.wait_ready(10s)) {}

ChildProcess& DemoPrograms::start(const std::string& name, std::vector<std::string> arguments,
                                  std::vector<std::string> environment) {
  arguments.insert(arguments.end(), {"--lookup", where()});
  // Never the local network's lookup services, whatever the environment says: only --lookup.
  environment.push_back("RMI_LOOKUP_BROADCAST=0");
  auto process =
      std::make_unique<ChildProcess>(program("stage4_references/" + name), arguments, environment);
  const Endpoint address = process->wait_ready(10s);
  started_.emplace_back(std::move(process), address);
  return *started_.back().first;
}

const Endpoint& DemoPrograms::ready_at(const ChildProcess& process) const {
  for (const auto& [started, address] : started_)
    if (started.get() == &process) return address;
  throw std::logic_error("ready_at: not a process these demo programs started");
}

ProgramRun DemoPrograms::run(const std::string& name, std::vector<std::string> arguments) {
  arguments.insert(arguments.end(), {"--lookup", where()});
  return run_to_end(program("stage4_references/" + name), arguments, {"RMI_LOOKUP_BROADCAST=0"});
}

std::vector<std::string> inspect(const Endpoint& server) {
  const Proxy functions(RemoteRef{server, kFunctions, kAnyRun, {}, {}});
  return functions.call<std::vector<std::string>>("rmi.inspect");
}

std::size_t exported_by_reference(const Endpoint& server) {
  const auto lines = inspect(server);
  return static_cast<std::size_t>(std::count_if(
      lines.begin(), lines.end(), [](const auto& line) { return line.rfind("exports ", 0) == 0; }));
}

long resident_kib(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string word; status >> word;) {
    if (word == "VmRSS:") {
      long kib = 0;
      status >> kib;
      return kib;
    }
  }
  return -1;
}

}  // namespace rmi::test
