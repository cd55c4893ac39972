// The lookup service as a program of its own, like Pyro's name server or Java's rmiregistry.
//                                                          See lectures/3-lookup.md#running
//   lookup_server [--host 127.0.0.1] [--port 50100] [--advertise HOST] [--allow HOST,...]
//                 [--token SECRET] [--lease-ms 10000] [--no-discovery]
//
// It serves the LookupService as object 1 on its port (50100, the well-known one, unless told
// otherwise), and answers discovery broadcasts on the same port number over UDP. On loopback (the
// default) only this machine can use it; to serve a network, give --host 0.0.0.0 (or an address
// of this machine) and, if others reach it by another name, --advertise that name.
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include "stage1_rpc/program/options.hpp"
#include "stage1_rpc/program/program.hpp"
#include "stage1_rpc/program/server_program.hpp"
#include "stage2_rmi/rmi/object_server.hpp"
#include "stage3_lookup/lookup/discovery.hpp"
#include "stage3_lookup/lookup/lookup_service.hpp"
#include "stage3_lookup/lookup/reachable.hpp"

int main(int argc, char** argv) try {
  rmi::ServerProgram program("lookup_server");
  rmi::CommandLine args(
      argc, argv,
      rmi::server_usage("lookup_server", "[--advertise HOST] [--lease-ms N] [--no-discovery]"));
  rmi::ServerOptions options = rmi::server_options(args, "lookup_server", rmi::kLookupPort);
  options.advertised_host = args.text("--advertise", "");
  rmi::LookupOptions lookup;
  lookup.token = args.text("--token", "");
  lookup.lease = std::chrono::milliseconds(std::stol(args.text("--lease-ms", "10000")));
  lookup.log = options.log;
  const bool discovery = !args.flag("--no-discovery");
  if (rmi::help_asked(args)) return EXIT_SUCCESS;

  rmi::ObjectServer server(options);
  rmi::export_lookup_service(server, std::make_shared<rmi::LookupService>(lookup));
  // Broadcasts reach only a socket bound to every interface: on loopback, only this machine asks.
  std::optional<rmi::DiscoveryResponder> responder;
  if (discovery) {
    const std::string udp_host =
        rmi::is_local_only(options.address.host) && options.address.host != "0.0.0.0"
            ? options.address.host
            : "0.0.0.0";
    responder.emplace(rmi::Endpoint{udp_host, server.endpoint().port}, server.advertised_endpoint(),
                      options.log);
  }
  return program.serve(server);
} catch (const std::exception& e) {
  return rmi::report_failure("lookup_server", e);
}
