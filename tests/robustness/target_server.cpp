// The server the robustness tests attack: a stage 1 FunctionServer or a stage 2 ObjectServer
// (object 1, plus the same functions as object 0), with limits set from the command line.
//
//   target_server --stage 1|2 [--port 0] [--idle-timeout-ms 60000] [--max-connections 256]
//                 [--max-connections-per-host 64] [--max-frame-bytes 16777216]
//                 [--max-held-bytes 134217728] [--max-held-bytes-per-host 50331648]
#include <cstdlib>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "stage1_rpc/core/command_line.hpp"
#include "stage1_rpc/net/stop_signals.hpp"
#include "stage1_rpc/rpc/function_server.hpp"
#include "stage2_rmi/rmi/object_server.hpp"

namespace target {

struct Service {
  int add(int a, int b) { return a + b; }
  std::string echo(const std::string& text) { return text; }
  std::size_t count(const std::vector<std::string>& texts) { return texts.size(); }
  int sleep_ms(int ms) {
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    return ms;
  }
  int fail() { throw std::out_of_range("fail() always fails"); }
  int throw_int() { throw 7; }
};

// Binds the service's methods into anything with bind(name, callable).
template <class Server>
void bind_all(Server& server, const std::shared_ptr<Service>& service) {
  server.bind("add", [service](int a, int b) { return service->add(a, b); });
  server.bind("echo", [service](const std::string& text) { return service->echo(text); });
  server.bind("count",
              [service](const std::vector<std::string>& texts) { return service->count(texts); });
  server.bind("sleep_ms", [service](int ms) { return service->sleep_ms(ms); });
  server.bind("fail", [service] { return service->fail(); });
  server.bind("throw_int", [service] { return service->throw_int(); });
}

}  // namespace target

template <>
struct rmi::Exposed<target::Service> {
  static void members(Members<target::Service>& expose) {
    expose.method("add", &target::Service::add)
        .method("echo", &target::Service::echo)
        .method("count", &target::Service::count)
        .method("sleep_ms", &target::Service::sleep_ms)
        .method("fail", &target::Service::fail)
        .method("throw_int", &target::Service::throw_int);
  }
};

int main(int argc, char** argv) try {
  rmi::StopSignals stop_signals;
  rmi::CommandLine args(argc, argv,
                        "usage: target_server --stage 1|2 [--port P] [--idle-timeout-ms N] "
                        "[--max-connections N] [--max-connections-per-host N] "
                        "[--max-frame-bytes N] [--max-held-bytes N] [--max-held-bytes-per-host N]");
  const std::string stage = args.text("--stage", "2");
  rmi::ServerOptions options;
  options.address = {"127.0.0.1", args.port("--port", 0)};
  options.idle_timeout =
      std::chrono::milliseconds(std::stol(args.text("--idle-timeout-ms", "60000")));
  options.max_connections = std::stoul(args.text("--max-connections", "256"));
  options.max_connections_per_host = std::stoul(args.text("--max-connections-per-host", "64"));
  options.max_payload_bytes_held = std::stoul(args.text("--max-held-bytes", "134217728"));
  options.max_payload_bytes_per_host =
      std::stoul(args.text("--max-held-bytes-per-host", "50331648"));
  options.limits.max_payload_bytes =
      static_cast<std::uint32_t>(std::stoul(args.text("--max-frame-bytes", "16777216")));
  options.log = rmi::log_to_stderr("target_server");
  if (args.finish()) return EXIT_SUCCESS;

  const auto service = std::make_shared<target::Service>();
  std::unique_ptr<rmi::FunctionServer> functions;
  std::unique_ptr<rmi::ObjectServer> objects;
  rmi::Endpoint endpoint;
  if (stage == "1") {
    functions = std::make_unique<rmi::FunctionServer>(options);
    target::bind_all(*functions, service);
    functions->start();
    endpoint = functions->endpoint();
  } else {
    objects = std::make_unique<rmi::ObjectServer>(options);
    target::bind_all(*objects, service);
    objects->add(service, {.id = 1, .thread_safe = true});
    objects->start();
    endpoint = objects->endpoint();
  }
  std::cout << "READY " << endpoint.to_string() << std::endl;
  stop_signals.wait();
  return EXIT_SUCCESS;
} catch (const std::exception& e) {
  std::cerr << "target_server: " << e.what() << std::endl;
  return EXIT_FAILURE;
}
