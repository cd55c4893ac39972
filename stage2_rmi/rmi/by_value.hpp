#pragma once
// Objects of a class hierarchy passed by value: Pyro's "mobile code" example, where the client
// hands the server a task object whose run() the server calls.
//
// Only state travels, never code: the sender writes the object's class name and its state, and
// the receiver builds a new object of the class with that name, which it must know already.
// Each program registers the classes it will send or accept, for each base class:
//
//   rmi::register_class<Task, Plus>("Plus");     // in main, on both sides
//   int runtask(rmi::ByValue<Task> task, int a, int b) { return task->run(a, b); }
//   agent.call<int>("runtask", rmi::ByValue<Task>(std::make_shared<Plus>()), 17, 22);
//
// A class the receiver has not registered is refused by name; nothing runs that the receiver
// was not built with. (Compare pickle, which will import and run what the payload names.)
//                                                          See lectures/2-rmi.md#by-value
// This header instantiates Boost archives; include it from .cpp files only.
#include <boost/serialization/split_member.hpp>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <typeindex>

#include "stage1_rpc/core/demangle.hpp"
#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/core/printable.hpp"
#include "stage1_rpc/wire/codec.hpp"
#include "stage1_rpc/wire/marshallable.hpp"
#include "stage1_rpc/wire/type_name.hpp"

namespace rmi {

// The classes of one hierarchy this program can send and receive. One per base class, for the
// whole program: what may arrive by value is a property of the program (the lesson here).
template <class Base>
class ClassRegistry {
 public:
  struct Entry {
    std::string name;
    std::function<void(OutArchive&, const Base&)> save;
    std::function<std::shared_ptr<Base>(InArchive&)> load;
  };

  static ClassRegistry& instance() {
    static ClassRegistry registry;
    return registry;
  }

  template <class Derived>
  void add(const std::string& name) {
    static_assert(std::is_base_of_v<Base, Derived>,
                  "rmi::register_class<Base, Derived>: "
                  "Derived must derive from Base");
    static_assert(Marshallable<Derived>,
                  "rmi::register_class: the class must be Marshallable "
                  "(default-constructible, with a serialize() member)");
    Entry entry{
        name,
        [](OutArchive& out, const Base& object) { out << static_cast<const Derived&>(object); },
        [](InArchive& in) {
          auto object = std::make_shared<Derived>();
          in >> *object;
          return std::shared_ptr<Base>(std::move(object));
        }};
    // Registering a class again under its own name changes nothing; anything else would let
    // one name build two classes, or leave references from for_object() dangling.
    std::scoped_lock lock(mutex_);
    const auto same_name = by_name_.find(name);
    const auto same_type = by_type_.find(typeid(Derived));
    const bool has_name = same_name != by_name_.end(), has_type = same_type != by_type_.end();
    if (has_name && has_type && same_type->second.name == name) return;
    if (has_name || has_type) {
      throw Error("rmi::register_class<" + type_name<Base>() + ", " + type_name<Derived>() +
                  ">(\"" + name + "\"): " +
                  (has_name
                       ? "that name is taken by another class"
                       : "the class is registered already as \"" + same_type->second.name + "\""));
    }
    by_type_.emplace(typeid(Derived), entry);
    by_name_.emplace(name, std::move(entry));
  }

  const Entry& for_object(const Base& object) const {
    std::scoped_lock lock(mutex_);
    const auto found = by_type_.find(typeid(object));
    if (found == by_type_.end()) {
      throw BadArguments("cannot send a " + demangle(typeid(object).name()) + " by value: it is " +
                         "not registered here (rmi::register_class<" + type_name<Base>() + ", " +
                         demangle(typeid(object).name()) + ">)");
    }
    return found->second;
  }

  const Entry& for_name(const std::string& name) const {
    std::scoped_lock lock(mutex_);
    const auto found = by_name_.find(name);
    if (found == by_name_.end()) {
      std::string known;
      for (const auto& [known_name, entry] : by_name_)
        known += (known.empty() ? "" : ", ") + known_name;
      throw BadArguments("a " + printable(name, 100) + " arrived by value, but that class is not " +
                         "registered here as a " + type_name<Base>() + " (registered: " +
                         (known.empty() ? "none" : known) + "): only state travels, not code");
    }
    return found->second;
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::type_index, Entry> by_type_;
  std::map<std::string, Entry, std::less<>> by_name_;
};

template <class Base, class Derived>
void register_class(const std::string& name) {
  ClassRegistry<Base>::instance().template add<Derived>(name);
}

// An object of any registered class derived from Base, passed by value.
template <class Base>
class ByValue {
 public:
  ByValue() = default;
  explicit ByValue(std::shared_ptr<Base> object) : object_(std::move(object)) {}

  Base& operator*() const { return *object_; }
  Base* operator->() const { return object_.get(); }
  explicit operator bool() const { return object_ != nullptr; }

  void save(OutArchive& out, unsigned) const {
    if (!object_)
      throw BadArguments("cannot send an empty rmi::ByValue<" + type_name<Base>() + ">");
    const auto& entry = ClassRegistry<Base>::instance().for_object(*object_);
    out << entry.name;
    entry.save(out, *object_);
  }
  void load(InArchive& in, unsigned) {
    std::string name;
    in >> name;
    object_ = ClassRegistry<Base>::instance().for_name(name).load(in);
  }
  BOOST_SERIALIZATION_SPLIT_MEMBER()

 private:
  std::shared_ptr<Base> object_;
};

template <class Base>
struct TypeName<ByValue<Base>> {
  static std::string get() { return "rmi::ByValue<" + type_name<Base>() + ">"; }
};

}  // namespace rmi
