// Many clients at once (issue: sanitizers and concurrency): 32 threads, each with its own
// connection, make 2,000 calls each, mixed across every exported object, and check every
// answer exactly. Run under ThreadSanitizer by `make test SAN=thread` in CI.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "stage2_rmi/rmi/by_value.hpp"
#include "stage2_rmi/rmi/proxy.hpp"
#include "tests/stage2_rmi/object_server_fixture.hpp"
#include "tests/stage2_rmi/test_objects.hpp"

using namespace rmi;

namespace {

class Stress : public rmi::test::ObjectServerTest {};

constexpr int kClients = 32;
constexpr int kCallsEach = 2000;

// The calls each client makes on objects 1..3 (A, B, C), counted to check calls() at the end.
struct Tally {
  std::atomic<int> on_object[4] = {};
};

// One client's 2,000 calls; returns how many went to the Counter (object 4).
int run_client(const std::shared_ptr<Connection>& connection, int client, Tally& tally) {
  const Proxy a(connection, 1), b(connection, 2), c(connection, 3), counter(connection, 4);
  const Proxy trouble(connection, 5), functions(connection, kFunctions);
  auto scaled = std::make_shared<test::Scaled>();
  scaled->factor = client;
  const ByValue<test::Task> task(scaled);
  int added = 0;
  for (int i = 0; i < kCallsEach; ++i) {
    switch ((client + i) % 7) {
      case 0:
        EXPECT_EQ(a.call<std::string>("f"), "x");
        ++tally.on_object[1];
        break;
      case 1:
        EXPECT_EQ(b.call<std::string>("f"), "y") << "B's own f, through A's interface";
        ++tally.on_object[2];
        break;
      case 2:
        EXPECT_EQ(c.call<int>("g", std::string("z")), 24) << "C's own g";
        ++tally.on_object[3];
        break;
      case 3:
        counter.call<void>("add", 1);
        ++added;
        break;
      case 4:
        EXPECT_EQ(functions.call<int>("add", client, i), client + i);
        break;
      case 5:
        EXPECT_EQ(functions.call<int>("runtask", task, i, 1), client * (i + 1));
        break;
      case 6:
        try {
          trouble.call<void>("raise", std::string("std::out_of_range"), std::to_string(i));
          ADD_FAILURE() << "raise returned";
        } catch (const std::out_of_range& e) {
          EXPECT_EQ(std::string(e.what()), std::to_string(i)) << "each caller gets its own";
        }
        break;
    }
  }
  return added;
}

}  // namespace

TEST_F(Stress, ThirtyTwoClientsMixingCallsAcrossObjectsGetExactAnswers) {
  Tally tally;
  std::vector<std::future<int>> clients;
  for (int client = 0; client < kClients; ++client) {
    clients.push_back(std::async(std::launch::async, [this, client, &tally] {
      return run_client(connect(), client, tally);
    }));
  }
  long added = 0;
  for (auto& client : clients)
    added += client.get();

  const auto connection = connect();
  EXPECT_EQ(Proxy(connection, 4).call<long>("total"), added) << "no update of the Counter lost";
  for (int id = 1; id <= 3; ++id) {
    EXPECT_EQ(Proxy(connection, id).call<int>("calls"), tally.on_object[id].load())
        << "object " << id << " counted every call it served";
  }
}
