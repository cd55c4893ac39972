#include "tests/stage2_rmi/object_server_fixture.hpp"

#include <chrono>
#include <thread>

#include "stage2_rmi/rmi/by_value.hpp"
#include "stage2_rmi/rmi/call_context.hpp"
#include "stage2_rmi/rmi/object_server.hpp"
#include "tests/stage2_rmi/test_objects.hpp"

template <>
struct rmi::Exposed<rmi::test::A> {
  static void members(Members<test::A>& expose) {
    expose.method("f", &test::A::f)
        .method("g", &test::A::g)
        .method("calls", &test::A::calls)
        .attribute("label", &test::A::label)
        .attribute("kind", &test::A::kind);
  }
};

template <>
struct rmi::Exposed<rmi::test::Counter> {
  static void members(Members<test::Counter>& expose) {
    expose.method("add", &test::Counter::add).method("total", &test::Counter::total);
  }
};

template <>
struct rmi::Exposed<rmi::test::Trouble> {
  static void members(Members<test::Trouble>& expose) {
    expose.method("raise", &test::Trouble::raise)
        .method("throw_int", &test::Trouble::throw_int)
        .method("raise_long", &test::Trouble::raise_long)
        .method("failure_as_value", &test::Trouble::failure_as_value)
        .method("one", &test::Trouble::one)
        .method("sleep_ms", &test::Trouble::sleep_ms)
        .method("note", &test::Trouble::note)
        .method("fail_quietly", &test::Trouble::fail_quietly)
        .method("last", &test::Trouble::last);
  }
};

template <>
struct rmi::Exposed<rmi::test::Gate> {
  static void members(Members<test::Gate>& expose) {
    expose.method("hold", &test::Gate::hold).method("runs", &test::Gate::runs);
  }
};

namespace rmi::test {

void Trouble::raise(const std::string& type, const std::string& message) {
  if (type == "std::logic_error") throw std::logic_error(message);
  if (type == "std::invalid_argument") throw std::invalid_argument(message);
  if (type == "std::domain_error") throw std::domain_error(message);
  if (type == "std::length_error") throw std::length_error(message);
  if (type == "std::out_of_range") throw std::out_of_range(message);
  if (type == "std::runtime_error") throw std::runtime_error(message);
  if (type == "std::range_error") throw std::range_error(message);
  if (type == "std::overflow_error") throw std::overflow_error(message);
  if (type == "std::underflow_error") throw std::underflow_error(message);
  throw std::bad_alloc();  // a standard exception the client cannot recreate
}

ObjectServerTest::ObjectServerTest() {
  register_class<Task, Plus>("Plus");
  register_class<Task, Scaled>("Scaled");
}

void ObjectServerTest::restart(ServerOptions options) {
  server_.reset();
  options.log = log_.logger();
  server_ = std::make_unique<ObjectServer>(options);
  server_->add<A>(std::make_shared<A>(), {.id = 1});
  server_->add<A>(std::make_shared<B>(), {.id = 2});
  server_->add<A>(std::make_shared<C>(), {.id = 3});
  server_->add(std::make_shared<Counter>(), {.id = 4});
  server_->add(std::make_shared<Trouble>(), {.id = 5, .thread_safe = true});
  gate_ = std::make_shared<Gate>();
  server_->add(gate_, {.id = 7});
  server_->bind("add", [](int a, int b) { return a + b; });
  // Which connection a call came over (its port at the client's end), after a wait.
  server_->bind("caller_port", [](int wait_ms) {
    std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
    return static_cast<int>(current_call()->caller.port);
  });
  server_->bind("runtask", [](ByValue<Task> task, int a, int b) { return task->run(a, b); });
  server_->bind("runboth", [](ByValue<Task> first, ByValue<Task> second, int a, int b) {
    if (!first || !second) throw std::logic_error("a task arrived empty");
    return first->run(a, b) * 1000 + second->run(a, b);
  });
  server_->start();
}

ObjectServerTest::~ObjectServerTest() {
  if (gate_) gate_->open();  // a call still held must not make the server's stop wait
}

void ObjectServerTest::stop_server() {
  if (server_) server_->stop();
}

bool ObjectServerTest::remove_object(std::uint64_t id) {
  return server_->remove(id);
}

const Endpoint& ObjectServerTest::server_endpoint() const {
  return server_->endpoint();
}

std::shared_ptr<Connection> ObjectServerTest::connect(ClientOptions options) {
  if (options.call_timeout == ClientOptions{}.call_timeout) options.call_timeout = kPatience;
  return std::make_shared<Connection>(server_->endpoint(), options);
}

}  // namespace rmi::test
