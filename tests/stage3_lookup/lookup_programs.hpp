#pragma once
// Stage 3's programs, run by tests as a user runs them: each a real separate process (ChildProcess
// kills its group when it goes), the lookup service on a port from the kernel, every other
// program told where it is with --lookup. A program that exports objects prints READY only after
// it has published them, so a test waits for that line, never for time.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "stage1_rpc/net/endpoint.hpp"
#include "tests/support/child_process.hpp"

namespace rmi::test {

// The path of a stage 3 program: stage3_program("lookup_tool").
std::string stage3_program(const std::string& name);

// lookup_server on a free loopback port (or on `port`, to restart one where it was), READY.
class LookupServerProcess {
 public:
  explicit LookupServerProcess(std::vector<std::string> options = {}, std::uint16_t port = 0);
  const Endpoint& address() const { return address_; }
  // The --lookup value for the other programs: "127.0.0.1:PORT".
  std::string where() const { return address_.to_string(); }
  ChildProcess& process() { return process_; }

 private:
  ChildProcess process_;
  Endpoint address_;
};

// An exporting program (subclass_server, cluster_node, export_client) given --lookup `service`
// and `arguments`; returned once its READY line says where its own server listens.
struct ExporterProcess {
  std::unique_ptr<ChildProcess> process;
  Endpoint address;
};
ExporterProcess start_exporter(const std::string& program, const Endpoint& service,
                               const std::vector<std::string>& arguments = {});

// A stage 3 program run to its end (child_process.hpp: ProgramRun).
ProgramRun run_program(const std::string& program, const std::vector<std::string>& arguments);
// lookup_tool with `arguments` and --lookup `service`.
ProgramRun run_tool(const Endpoint& service, std::vector<std::string> arguments);

// A loopback port where nobody listens, and nobody will while this lives (bound, not listening:
// a connection to it is refused at once).
class ClosedPort {
 public:
  ClosedPort();
  ~ClosedPort();
  ClosedPort(const ClosedPort&) = delete;
  ClosedPort& operator=(const ClosedPort&) = delete;
  Endpoint address() const { return {"127.0.0.1", port_}; }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

}  // namespace rmi::test
