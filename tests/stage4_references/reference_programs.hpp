#pragma once
// Stage 4's programs, run by tests as a user runs them: the lookup service and the demo servers
// each a real separate process (killed with its group when the test ends), on ports from the
// kernel. What a server exports by reference is read as lookup_tool inspect reads it: from the
// server itself, through rmi.inspect.
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "stage1_rpc/net/endpoint.hpp"
#include "tests/support/child_process.hpp"

namespace rmi::test {

// The path of a stage 3 or 4 program: program("stage4_references/store_server").
std::string program(const std::string& name);

// A lookup service and the programs that use it.
class DemoPrograms {
 public:
  DemoPrograms();
  // The --lookup value: "127.0.0.1:PORT".
  std::string where() const { return lookup_address_.to_string(); }

  // Starts a stage 4 server (hello_server, chat_server, store_server) with --lookup and
  // `arguments`; returns once it is READY. Its address is ready_at(process).
  ChildProcess& start(const std::string& name, std::vector<std::string> arguments = {},
                      std::vector<std::string> environment = {});
  const Endpoint& ready_at(const ChildProcess& process) const;
  // A stage 4 client, to its end.
  ProgramRun run(const std::string& name, std::vector<std::string> arguments = {});

 private:
  ChildProcess lookup_;
  Endpoint lookup_address_;
  std::vector<std::pair<std::unique_ptr<ChildProcess>, Endpoint>> started_;
};

// What the object server at `server` says through rmi.inspect, one line each.
std::vector<std::string> inspect(const Endpoint& server);
// How many objects it exports by reference (its "exports" lines).
std::size_t exported_by_reference(const Endpoint& server);
// The resident memory of a process, in KiB (/proc/PID/status: VmRSS).
long resident_kib(int pid);

}  // namespace rmi::test
