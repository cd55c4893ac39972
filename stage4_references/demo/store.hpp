#pragma once
// A store that hands out items by reference: each make() exports a new Item, which lives while
// some process holds a reference to it — distributed garbage collection made visible.
//                                                    See lectures/4-references.md#the-demos
// This header instantiates Boost archives; include it from .cpp files only.
#include <atomic>
#include <memory>
#include <string>

#include "stage2_rmi/rmi/exposed.hpp"
#include "stage4_references/refs/remote.hpp"
#include "stage4_references/refs/remote_object.hpp"

namespace demo {

class Item : public rmi::RemoteObject {
 public:
  explicit Item(int number) : number_(number) {}
  int number() const { return number_; }
  std::string label() const { return "item " + std::to_string(number_); }

 private:
  const int number_;
};

class Store {
 public:
  std::shared_ptr<Item> make(int number) { return std::make_shared<Item>(number); }
  // Passed an item (of this store, or anybody's), returns its number: an argument by reference.
  int number_of(rmi::Remote<Item> item) { return item.call(&Item::number); }
  // Returns what it was passed: the same object, whoever made it.
  rmi::Remote<Item> echo(rmi::Remote<Item> item) { return item; }
};

}  // namespace demo

template <>
struct rmi::Exposed<demo::Item> {
  static void members(Members<demo::Item>& expose) {
    expose.method("number", &demo::Item::number).method("label", &demo::Item::label);
  }
};

template <>
struct rmi::Exposed<demo::Store> {
  static void members(Members<demo::Store>& expose) {
    expose.method("make", &demo::Store::make)
        .method("number_of", &demo::Store::number_of)
        .method("echo", &demo::Store::echo);
  }
};
