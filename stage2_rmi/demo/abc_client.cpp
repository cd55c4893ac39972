// Stage 2 demo client: calls the lecture's objects A, B and C through proxies, twice, to show
// the overridden methods and each object's own counter.     See lectures/2-rmi.md#the-demos
//   abc_client [--host 127.0.0.1] [--port 50000]
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include "stage1_rpc/core/command_line.hpp"
#include "stage2_rmi/rmi/proxy.hpp"

int main(int argc, char** argv) try {
  const char* usage = "usage: abc_client [--host HOST] [--port PORT]";
  rmi::CommandLine args(argc, argv, usage);
  const rmi::Endpoint address{args.text("--host", "127.0.0.1"), args.port("--port", 50000)};
  if (args.finish()) {
    std::cout << usage << "\n";
    return EXIT_SUCCESS;
  }
  auto server = std::make_shared<rmi::Connection>(address);

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
  std::cerr << "abc_client: " << e.what() << std::endl;
  return EXIT_FAILURE;
}
