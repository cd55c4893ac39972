// Remote references as values (what stage 3 stores and stage 4 sends): made by the server that
// exports the object, carrying its advertised endpoint, its run and its classes; proxies made
// from them share the process's connection; after a restart an old reference is refused.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "stage1_rpc/rpc/connection_pool.hpp"
#include "stage1_rpc/wire/codec.hpp"
#include "stage2_rmi/rmi/errors.hpp"
#include "stage2_rmi/rmi/object_server.hpp"
#include "stage2_rmi/rmi/proxy.hpp"
#include "tests/support/contains.hpp"
#include "tests/support/loopback.hpp"

using namespace rmi;
using rmi::test::contains;

namespace zoo {

class Animal {
 public:
  virtual ~Animal() = default;
  virtual std::string sound() { return "..."; }
  std::string name() { return "animal"; }
  std::string secret() { return "not exposed"; }
};

class Dog : public Animal {
 public:
  std::string sound() override { return "woof"; }
  std::string fetch() { return "stick"; }
  double share(double portions, double dogs) const { return portions / dogs; }
};

class Puppy : public Dog {
 public:
  std::string sound() override { return "yip"; }
};

}  // namespace zoo

template <>
struct rmi::Exposed<zoo::Animal> {
  static void members(Members<zoo::Animal>& expose) {
    expose.method("sound", &zoo::Animal::sound).method("name", &zoo::Animal::name);
  }
};

template <>
struct rmi::Exposed<zoo::Dog> {
  using bases = Bases<zoo::Animal>;
  static void members(Members<zoo::Dog>& expose) {
    expose.method("fetch", &zoo::Dog::fetch).method("share", &zoo::Dog::share);
  }
};

template <>
struct rmi::Exposed<zoo::Puppy> {
  using bases = Bases<zoo::Dog>;
  static void members(Members<zoo::Puppy>&) {}  // nothing new: all it answers comes from bases
};

namespace {

ServerOptions quiet_options(std::string advertised = {}) {
  ServerOptions options;
  options.advertised_host = std::move(advertised);
  options.log = [](std::string_view) {};
  return options;
}

}  // namespace

TEST(ClassBases, AClassIsItselfAndEveryBaseItDeclares) {
  EXPECT_EQ(class_names<zoo::Animal>(), (std::vector<std::string>{"zoo::Animal"}));
  EXPECT_EQ(class_names<zoo::Puppy>(),
            (std::vector<std::string>{"zoo::Puppy", "zoo::Dog", "zoo::Animal"}));
}

TEST(ClassBases, ASubclassAnswersItsBasesMethodsWithItsOwnOverrides) {
  ObjectServer server(quiet_options());
  const ObjectId id = server.add(std::make_shared<zoo::Puppy>());
  server.start();
  const Proxy puppy(server.ref(id));
  EXPECT_EQ(puppy.call<std::string>("sound"), "yip") << "Animal's method, Puppy's override";
  EXPECT_EQ(puppy.call<std::string>("name"), "animal");
  EXPECT_EQ(puppy.call<std::string>("fetch"), "stick");
}

// A client that sees the class's header calls by member pointer: the compiler checks the
// arguments against the method, and no name or signature is spelled by hand.
TEST(TypedCalls, AMemberPointerNamesTheMethodAndItsSignature) {
  ObjectServer server(quiet_options());
  const ObjectId id = server.add(std::make_shared<zoo::Puppy>());
  server.start();
  const Proxy puppy(server.ref(id));
  EXPECT_EQ(puppy.call(&zoo::Animal::sound), "yip") << "the override runs";
  EXPECT_EQ(puppy.call(&zoo::Dog::fetch), "stick");
  EXPECT_DOUBLE_EQ(puppy.call(&zoo::Dog::share, 1, 3), 1.0 / 3)
      << "the ints convert to the method's doubles, as in a local call";
  const auto share = puppy.method(&zoo::Dog::share);
  EXPECT_EQ(share.name(), "share");
  EXPECT_EQ(share.signature(), "double(double, double)");
}

TEST(TypedCalls, AMethodTheClassDoesNotExposeIsRefusedByName) {
  ObjectServer server(quiet_options());
  const Proxy animal(server.ref(server.add(std::make_shared<zoo::Animal>())));
  try {
    animal.call(&zoo::Animal::secret);
    FAIL() << "a method that is not exposed was called";
  } catch (const Error& e) {
    EXPECT_TRUE(contains(e.what(), "that method of zoo::Animal is not exposed")) << e.what();
  }
}

TEST(RemoteRefs, TheServerMakesThemWithItsAdvertisedEndpointRunAndClasses) {
  ObjectServer server(quiet_options("calc-host.example"));
  const ObjectId id = server.add(std::make_shared<zoo::Dog>());
  const RemoteRef ref = server.ref(id);
  EXPECT_EQ(ref.endpoint, (Endpoint{"calc-host.example", server.endpoint().port}));
  EXPECT_EQ(ref.object, id);
  EXPECT_EQ(ref.server_run, server.run());
  EXPECT_NE(ref.server_run, kAnyRun);
  EXPECT_EQ(ref.class_name, "zoo::Dog");
  EXPECT_TRUE(ref.is_a("zoo::Animal"));
  EXPECT_FALSE(ref.is_a("zoo::Puppy"));
  EXPECT_EQ(ref.to_string(), "zoo::Dog object " + std::to_string(id) +
                                 " at calc-host.example:" + std::to_string(server.endpoint().port));
  EXPECT_THROW(server.ref(999), NoSuchObject);
}

TEST(RemoteRefs, TravelAsValues) {
  const RemoteRef ref{{"10.0.0.5", 50000}, 3, 77, "zoo::Dog", {"zoo::Dog", "zoo::Animal"}};
  OutFrame frame(MessageKind::Reply);
  {
    OutArchive out(frame);
    out << ref;
  }
  const std::vector<char> payload(frame.payload().begin(), frame.payload().end());
  InArchive in(payload);
  RemoteRef back;
  in >> back;
  EXPECT_EQ(back, ref);
}

TEST(RemoteRefs, ProxiesOfOneServerShareItsConnection) {
  ObjectServer server(quiet_options());
  const ObjectId first = server.add(std::make_shared<zoo::Dog>());
  const ObjectId second = server.add(std::make_shared<zoo::Animal>());
  server.start();
  ConnectionPool pool;
  const Proxy dog(server.ref(first), pool);
  const Proxy animal(server.ref(second), pool);
  EXPECT_EQ(dog.connection(), animal.connection());
  EXPECT_EQ(dog.call<std::string>("sound"), "woof");
  EXPECT_EQ(animal.call<std::string>("sound"), "...");
  EXPECT_EQ(Proxy(server.ref(first)).connection(), Proxy(server.ref(second)).connection())
      << "the process's own pool shares too";
}

TEST(RemoteRefs, ProxiesMadeAndDroppedOneAfterAnotherReuseTheProcesssConnection) {
  ObjectServer server(quiet_options());
  const ObjectId dog = server.add(std::make_shared<zoo::Dog>());
  server.start();
  // As with a reference returned by each call: every proxy is dropped before the next is made.
  const std::weak_ptr<Connection> first = Proxy(server.ref(dog)).connection();
  EXPECT_FALSE(first.expired()) << "the pool keeps the Connections it handed out last";
  EXPECT_EQ(Proxy(server.ref(dog)).call<std::string>("sound"), "woof");
  EXPECT_EQ(Proxy(server.ref(dog)).connection(), first.lock());
}

TEST(RemoteRefs, AReferenceKeptAcrossARestartIsRefusedClearly) {
  auto server = std::make_unique<ObjectServer>(quiet_options());
  server->add(std::make_shared<zoo::Dog>(), {.id = 1});
  server->start();
  const RemoteRef old = server->ref(1);
  EXPECT_EQ(Proxy(old).call<std::string>("sound"), "woof");
  const Endpoint address = server->endpoint();
  server.reset();
  ServerOptions again = quiet_options();
  again.address = address;
  server = std::make_unique<ObjectServer>(again);
  server->add(std::make_shared<zoo::Animal>(), {.id = 1});  // another object, the same ID
  server->start();
  try {
    Proxy(old).call<std::string>("sound");
    FAIL() << "a reference from the earlier run reached the new object 1";
  } catch (const NoSuchObject& e) {
    EXPECT_TRUE(contains(e.what(), "no longer exists: its server has restarted")) << e.what();
  }
  EXPECT_EQ(Proxy(server->ref(1)).call<std::string>("sound"), "...") << "a fresh reference works";
}
