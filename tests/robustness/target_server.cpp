// The server the robustness tests attack: a stage 1 FunctionServer or a stage 2 ObjectServer
// (object 1, plus the same functions as object 0), with limits set from the command line.
//
//   target_server --stage 1|2 [--port 0] [--idle-timeout-ms 60000] [--max-connections 256]
//                 [--max-connections-per-host 64] [--max-frame-bytes 16777216]
//                 [--max-held-bytes 134217728] [--max-held-bytes-per-host 50331648]
//                 [--stop-grace-ms 5000] [--host 127.0.0.1] [--allow HOST,HOST...] [--token SECRET]
//
// It lives as every demo server does (stage1_rpc/program/server_program.hpp): READY line, stop
// on SIGINT/SIGTERM within the grace period, at once on a second signal, or when a client calls
// shutdown().
#include <chrono>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "stage1_rpc/demo/checked.hpp"
#include "stage1_rpc/program/options.hpp"
#include "stage1_rpc/program/program.hpp"
#include "stage1_rpc/program/server_program.hpp"
#include "stage1_rpc/rpc/function_server.hpp"
#include "stage2_rmi/rmi/object_server.hpp"

namespace target {

struct Service {
  // Clients choose a and b: a sum that does not fit is refused, not undefined.
  int add(int a, int b) { return demo::checked(1LL * a + b, "add"); }
  std::string echo(const std::string& text) { return text; }
  std::size_t count(const std::vector<std::string>& texts) { return texts.size(); }
  int sleep_ms(int ms) {
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    return ms;
  }
  // Never returns: says so on stdout first, so a test knows the call is running.
  int hang() {
    std::cout << "hang() entered" << std::endl;
    for (;;)
      std::this_thread::sleep_for(std::chrono::hours(1));
  }
  int fail() { throw std::out_of_range("fail() always fails"); }
  int throw_int() { throw 7; }
  // Stops the server this service runs in, from inside one of its calls; the call still returns.
  int shutdown() {
    stop_server();
    return 0;
  }

  std::function<void()> stop_server;  // set before the server starts
};

// Binds the service's methods into anything with bind(name, callable).
template <class Server>
void bind_all(Server& server, const std::shared_ptr<Service>& service) {
  server.bind("add", [service](int a, int b) { return service->add(a, b); });
  server.bind("echo", [service](const std::string& text) { return service->echo(text); });
  server.bind("count",
              [service](const std::vector<std::string>& texts) { return service->count(texts); });
  server.bind("sleep_ms", [service](int ms) { return service->sleep_ms(ms); });
  server.bind("hang", [service] { return service->hang(); });
  server.bind("fail", [service] { return service->fail(); });
  server.bind("throw_int", [service] { return service->throw_int(); });
  server.bind("shutdown", [service] { return service->shutdown(); });
  service->stop_server = [&server] { server.request_stop(); };
}

}  // namespace target

template <>
struct rmi::Exposed<target::Service> {
  static void members(Members<target::Service>& expose) {
    expose.method("add", &target::Service::add)
        .method("echo", &target::Service::echo)
        .method("count", &target::Service::count)
        .method("sleep_ms", &target::Service::sleep_ms)
        .method("hang", &target::Service::hang)
        .method("fail", &target::Service::fail)
        .method("throw_int", &target::Service::throw_int)
        .method("shutdown", &target::Service::shutdown);
  }
};

namespace {

std::chrono::milliseconds milliseconds(rmi::CommandLine& args, const std::string& name,
                                       const std::string& fallback) {
  return std::chrono::milliseconds(std::stol(args.text(name, fallback)));
}

}  // namespace

int main(int argc, char** argv) try {
  rmi::ServerProgram program("target_server");  // first, before any thread starts
  rmi::CommandLine args(argc, argv,
                        rmi::server_usage("target_server",
                                          "--stage 1|2 [--idle-timeout-ms N] [--max-connections N] "
                                          "[--max-connections-per-host N] [--max-frame-bytes N] "
                                          "[--max-held-bytes N] [--max-held-bytes-per-host N] "
                                          "[--stop-grace-ms N]"));
  const std::string stage = args.text("--stage", "2");
  rmi::ServerOptions options = rmi::server_options(args, "target_server", 0);
  options.idle_timeout = milliseconds(args, "--idle-timeout-ms", "60000");
  options.stop_grace = milliseconds(args, "--stop-grace-ms", "5000");
  options.max_connections = std::stoul(args.text("--max-connections", "256"));
  options.max_connections_per_host = std::stoul(args.text("--max-connections-per-host", "64"));
  options.max_payload_bytes_held = std::stoul(args.text("--max-held-bytes", "134217728"));
  options.max_payload_bytes_per_host =
      std::stoul(args.text("--max-held-bytes-per-host", "50331648"));
  options.limits.max_payload_bytes =
      static_cast<std::uint32_t>(std::stoul(args.text("--max-frame-bytes", "16777216")));
  if (rmi::help_asked(args)) return EXIT_SUCCESS;

  const auto service = std::make_shared<target::Service>();
  if (stage == "1") {
    rmi::FunctionServer functions(options);
    target::bind_all(functions, service);
    return program.serve(functions);
  }
  rmi::ObjectServer objects(options);
  target::bind_all(objects, service);
  objects.add(service, {.id = 1, .thread_safe = true});
  return program.serve(objects);
} catch (const std::exception& e) {
  return rmi::report_failure("target_server", e);
}
