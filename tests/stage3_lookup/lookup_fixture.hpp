#pragma once
// A lookup service running in this test process, on a free loopback port, with short leases
// and its log collected; and references to objects that exist nowhere (the table does not care).
// Serving happens in lookup_fixture.cpp, so the tests that only call need not compile it.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "stage2_rmi/rmi/remote_ref.hpp"
#include "stage3_lookup/lookup/lookup_client.hpp"
#include "tests/support/loopback.hpp"

namespace rmi {
class ObjectServer;
}

namespace rmi::test {

// A reference of class `class_name` (declaring `bases` too) to object `id` at 127.0.0.1:`port`.
RemoteRef reference(const std::string& class_name, std::vector<std::string> bases = {},
                    ObjectId id = 1, std::uint16_t port = 40000);

// Whether the lookup service knows `name` now.
bool registered(const LookupClient& lookup, const std::string& name);

class LookupServiceTest : public testing::Test {
 protected:
  LookupServiceTest();
  ~LookupServiceTest() override;

  // Starts a fresh lookup service (on the same port as before, if it ran already), listening on
  // `host` (0.0.0.0: every interface of this machine). service() and client() start one with
  // the defaults if none runs: a test that only asks a NameTable never starts a server, so it
  // needs no other exercise than its own.
  void start(std::chrono::milliseconds lease = std::chrono::seconds(10), std::string token = {},
             std::string host = "127.0.0.1");
  void stop();
  const Endpoint& service();
  LookupClient client() { return LookupClient(service()); }

  LogCollector log_;

 private:
  std::unique_ptr<ObjectServer> server_;
  Endpoint endpoint_{"127.0.0.1", 0};
};

}  // namespace rmi::test
