// Stage 2 demo server: Pyro's InsecureAgent, in C++ and not insecure: it runs tasks sent by
// value, but only of the classes it was built with and registered.
//                                                          See lectures/2-rmi.md#the-demos
//   agent_server [--host 127.0.0.1] [--port 50000] [--allow HOST,HOST...] [--token SECRET]
//                                                          (the agent is object 1)
#include <sys/utsname.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "stage1_rpc/program/options.hpp"
#include "stage1_rpc/program/program.hpp"
#include "stage1_rpc/program/server_program.hpp"
#include "stage2_rmi/demo/tasks.hpp"
#include "stage2_rmi/rmi/object_server.hpp"

namespace demo {

std::string describe_system() {
  utsname system{};
  ::uname(&system);
  return std::string(system.sysname) + " " + system.release + " " + system.machine + " (" +
         system.nodename + ")";
}

class Agent {
 public:
  // A description of the server's system.
  std::string environ() const { return info; }

  // A crude estimate of the CPU the server has to spare: thousands of loop rounds in 50 ms.
  int bogostone() const {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(50);
    long rounds = 0;
    volatile long sink = 0;
    while (std::chrono::steady_clock::now() < until) {
      for (int i = 0; i < 1000; ++i)
        sink = sink + i;
      ++rounds;
    }
    return static_cast<int>(rounds);
  }

  // A long calculation: n half seconds of "work"; returns n + 1 (Pyro's toy gave 2 for 1).
  int longcalc(int n) const {
    // Any client may call this: bound the work, or one call could hold a thread for years.
    if (n < 0 || n > 20) throw std::out_of_range("longcalc(n) takes n from 0 to 20");
    std::this_thread::sleep_for(std::chrono::milliseconds(500) * n);
    return n + 1;
  }

  // Runs a task the client sent by value, here, with the server's resources.
  int runtask(const rmi::ByValue<Task>& task, int a, int b) const { return task->run(a, b); }

  const std::string info = describe_system();
  std::string spam;
};

}  // namespace demo

template <>
struct rmi::Exposed<demo::Agent> {
  static void members(Members<demo::Agent>& expose) {
    expose.method("environ", &demo::Agent::environ)
        .method("bogostone", &demo::Agent::bogostone)
        .method("longcalc", &demo::Agent::longcalc)
        .method("runtask", &demo::Agent::runtask)
        .attribute("info", &demo::Agent::info)
        .attribute("spam", &demo::Agent::spam);
  }
};

int main(int argc, char** argv) try {
  rmi::ServerProgram program("agent_server");  // first, before any thread starts
  rmi::CommandLine args(argc, argv, rmi::server_usage("agent_server"));
  const rmi::ServerOptions options = rmi::server_options(args, "agent_server");
  if (rmi::help_asked(args)) return EXIT_SUCCESS;
  rmi::register_class<demo::Task, demo::Plus>("Plus");  // and nothing else

  rmi::ObjectServer server(options);
  // Thread-safe: longcalc must not hold up the client's other calls while it runs.
  server.add(std::make_shared<demo::Agent>(), {.id = 1, .thread_safe = true});
  return program.serve(server);
} catch (const std::exception& e) {
  return rmi::report_failure("agent_server", e);
}
