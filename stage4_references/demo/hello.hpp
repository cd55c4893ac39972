#pragma once
// The lecture's example of values and references: Test returns one object of each kind. The
// caller gets a copy of an AsValue, and its hello() prints in the caller's process; it gets a
// reference to an AsReference, and its hello() prints in the process that made it.
//                                                    See lectures/4-references.md#the-demos
// This header instantiates Boost archives; include it from .cpp files only.
#include <errno.h>  // program_invocation_short_name: which process prints

#include <iostream>
#include <memory>

#include "stage2_rmi/rmi/exposed.hpp"
#include "stage4_references/refs/remote.hpp"
#include "stage4_references/refs/remote_object.hpp"

namespace demo {

inline void say_where_i_am() {
  std::cout << "here I am, in " << program_invocation_short_name << std::endl;
}

// Travels by value: it has state to copy (none here), and no RemoteObject base.
class AsValue {
 public:
  void hello() const { say_where_i_am(); }
  template <class Archive>
  void serialize(Archive&, unsigned) {}
};

// Derived from the tag class: it stays where it is made, and a reference travels.
class AsReference : public rmi::RemoteObject {
 public:
  void hello() const { say_where_i_am(); }
};

class Test {
 public:
  AsValue get_value() const { return AsValue(); }
  std::shared_ptr<AsReference> get_reference() const { return std::make_shared<AsReference>(); }
};

}  // namespace demo

template <>
struct rmi::Exposed<demo::AsReference> {
  static void members(Members<demo::AsReference>& expose) {
    expose.method("hello", &demo::AsReference::hello);
  }
};

template <>
struct rmi::Exposed<demo::Test> {
  static void members(Members<demo::Test>& expose) {
    expose.method("get_value", &demo::Test::get_value)
        .method("get_reference", &demo::Test::get_reference);
  }
};
