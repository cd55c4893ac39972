// Stage 2 demo client: calls the lecture's objects A, B and C through proxies, twice, to show
// the overridden methods and each object's own counter.     See lectures/2-rmi.md#the-demos
//   abc_client [--host 127.0.0.1] [--port 50000] [--token SECRET]
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include "stage1_rpc/program/options.hpp"
#include "stage1_rpc/program/program.hpp"
#include "stage2_rmi/rmi/proxy.hpp"

int main(int argc, char** argv) try {
  rmi::ignore_broken_pipes();
  rmi::CommandLine args(argc, argv, rmi::client_usage("abc_client"));
  const rmi::Endpoint address = rmi::server_address(args);
  const rmi::ClientOptions options = rmi::client_options(args);
  if (rmi::help_asked(args)) return EXIT_SUCCESS;
  auto server = std::make_shared<rmi::Connection>(address, options);

  // The lecture's ClientProxy(SERVER_ADDRESS, 1), (…, 2), (…, 3).
  const rmi::Proxy a(server, 1), b(server, 2), c(server, 3);
  for (int round = 1; round <= 2; ++round) {
    std::cout << "round " << round << "\n";
    for (const auto& [name, object] : {std::pair{"A", a}, std::pair{"B", b}, std::pair{"C", c}}) {
      const std::string f = object.call<std::string>("f");
      const int g = object.call<int>("g", "bar");
      std::cout << name << ": " << f << " " << g
                << "   (calls so far: " << object.call<int>("count") << ")\n";
    }
  }
  return EXIT_SUCCESS;
} catch (const std::exception& e) {
  return rmi::report_failure("abc_client", e);
}
