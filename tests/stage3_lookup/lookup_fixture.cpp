#include "tests/stage3_lookup/lookup_fixture.hpp"

#include "stage2_rmi/rmi/object_server.hpp"
#include "stage3_lookup/lookup/lookup_errors.hpp"
#include "stage3_lookup/lookup/lookup_service.hpp"

namespace rmi::test {

RemoteRef reference(const std::string& class_name, std::vector<std::string> bases, ObjectId id,
                    std::uint16_t port) {
  bases.insert(bases.begin(), class_name);
  return RemoteRef{{"127.0.0.1", port}, id, 77, class_name, std::move(bases)};
}

bool registered(const LookupClient& lookup, const std::string& name) {
  try {
    lookup.lookup(name);
    return true;
  } catch (const NoSuchName&) {
    return false;
  }
}

LookupServiceTest::LookupServiceTest() = default;
LookupServiceTest::~LookupServiceTest() = default;

void LookupServiceTest::start(std::chrono::milliseconds lease, std::string token,
                              std::string host) {
  server_.reset();
  ServerOptions options;
  options.address = {std::move(host), endpoint_.port};
  options.log = log_.logger();
  server_ = std::make_unique<ObjectServer>(options);
  export_lookup_service(*server_, std::make_shared<LookupService>(LookupOptions{
                                      .lease = lease, .token = token, .log = log_.logger()}));
  server_->start();
  endpoint_ = {"127.0.0.1", server_->endpoint().port};  // listening everywhere includes here
}

void LookupServiceTest::stop() {
  server_.reset();
}

const Endpoint& LookupServiceTest::service() {
  if (!server_) start();
  return endpoint_;
}

}  // namespace rmi::test
