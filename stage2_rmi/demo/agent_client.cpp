// Stage 2 demo client: Pyro's InsecureAgent client. Informational methods, a long calculation
// called asynchronously while the client works on, a task object sent by value, attributes.
//                                                          See lectures/2-rmi.md#the-demos
//   agent_client [--host 127.0.0.1] [--port 50000] [--token SECRET]
#include <chrono>
#include <cstdlib>
#include <future>
#include <iostream>
#include <memory>
#include <string>

#include "stage1_rpc/program/options.hpp"
#include "stage1_rpc/program/program.hpp"
#include "stage2_rmi/demo/tasks.hpp"
#include "stage2_rmi/rmi/proxy.hpp"

int main(int argc, char** argv) try {
  rmi::ignore_broken_pipes();
  rmi::CommandLine args(argc, argv, rmi::client_usage("agent_client"));
  const rmi::Endpoint address = rmi::server_address(args);
  const rmi::ClientOptions options = rmi::client_options(args);
  if (rmi::help_asked(args)) return EXIT_SUCCESS;
  rmi::register_class<demo::Task, demo::Plus>("Plus");
  rmi::register_class<demo::Task, demo::Minus>("Minus");
  const rmi::Proxy agent(std::make_shared<rmi::Connection>(address, options), 1);

  std::cout << "---- Informational methods ----\n";
  std::cout << "SYSTEM INFO: " << agent.call<std::string>("environ") << "\n";
  std::cout << "AVAILABLE CPU: " << agent.call<int>("bogostone") << "\n";

  std::cout << "---- Performing long calculation ----\n";
  std::future<int> result = agent.call_async<int>("longcalc", 1);
  long other_work = 0;
  while (result.wait_for(std::chrono::milliseconds(10)) != std::future_status::ready)
    ++other_work;
  std::cout << "(meanwhile the client did " << (other_work > 0 ? "other" : "no") << " work)\n";
  std::cout << "RESULT: " << result.get() << "\n";

  std::cout << "---- Dispatching custom code ----\n";
  const rmi::ByValue<demo::Task> plus(std::make_shared<demo::Plus>());
  std::cout << "RESULT: " << agent.call<int>("runtask", plus, 17, 22) << "\n";
  std::cout << "LOCAL: " << plus->run(17, 22) << "\n";
  try {
    agent.call<int>("runtask", rmi::ByValue<demo::Task>(std::make_shared<demo::Minus>()), 17, 22);
  } catch (const rmi::BadArguments& e) {
    std::cout << "a Minus is refused: " << e.what() << "\n";
  }

  std::cout << "---- Attribute access ----\n";
  std::cout << "object.info: " << agent.get<std::string>("info") << "\n";
  std::cout << "---- Attribute assignment ----\n";
  agent.set("spam", std::string("eggs"));
  std::cout << "object.spam = " << agent.get<std::string>("spam") << std::endl;
  return EXIT_SUCCESS;
} catch (const std::exception& e) {
  return rmi::report_failure("agent_client", e);
}
