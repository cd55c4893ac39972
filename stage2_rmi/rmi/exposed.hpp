#pragma once
// How a class says which of its members remote callers may use; nothing else is callable
// (RPyC's service mode, Pyro's @expose). One specialization per class:
//
//   template <>
//   struct rmi::Exposed<Calculator> {
//     static void members(rmi::Members<Calculator>& expose) {
//       expose.method("add", &Calculator::add)
//             .method<int(int, int)>("mul", &Calculator::mul)  // an overload: say which
//             .attribute("info", &Calculator::info);
//     }
//   };
//
// Methods are bound through member pointers, so a virtual method runs the object's own
// override: exported through A's interface, a B runs B::f.    See lectures/2-rmi.md#exposing
// This header instantiates Boost archives; include it from .cpp files only.
#include <algorithm>
#include <memory>
#include <string>
#include <typeinfo>
#include <vector>

#include "stage1_rpc/core/demangle.hpp"
#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/wire/type_name.hpp"
#include "stage2_rmi/rmi/bases.hpp"
#include "stage2_rmi/rmi/member_names.hpp"
#include "stage2_rmi/rmi/members.hpp"
#include "stage2_rmi/rmi/object_table.hpp"

namespace rmi {

// Specialize for each class that may be exported (see above). The primary template is empty.
template <class T>
struct Exposed {};

template <class T>
concept ExposedClass = requires(Members<T>& members) {
  Exposed<T>::members(members);
};

namespace detail {

// Binds T's exposed members, and those of the bases it declares (bases.hpp), into `exported`:
// each base once, through its own member pointers, so that overrides in `object` run.
template <class T>
void expose_members(const std::shared_ptr<T>& object, ExportedObject& exported,
                    std::vector<std::string>& done) {
  if (std::find(done.begin(), done.end(), type_name<T>()) != done.end()) return;
  done.push_back(type_name<T>());
  Members<T> members(object, exported);
  Exposed<T>::members(members);
  if constexpr (DeclaresBases<T>) {
    [&]<class... Base>(Bases<Base...>) {
      (expose_members<Base>(std::static_pointer_cast<Base>(object), exported, done), ...);
    }(typename Exposed<T>::bases{});
  }
}

}  // namespace detail

// The name under which Exposed<T> exposes `member`; throws rmi::Error if it exposes it not.
template <class T, class Member>
std::string exposed_name(Member member) {
  static_assert(ExposedClass<T>,
                "rmi: a method is called by its member pointer only where its class's "
                "rmi::Exposed specialization can be seen (include its header)");
  static const MemberNames names = [] {
    MemberNames collected;
    Members<T> collector(collected);
    Exposed<T>::members(collector);
    return collected;
  }();
  if (auto name = names.name_of(member)) return *name;
  throw Error("that method of " + type_name<T>() + " is not exposed: rmi::Exposed<" +
              type_name<T>() + "> does not list it");
}

// The table entry for `object`, exported through Interface's exposure.
template <class Interface>
std::shared_ptr<ExportedObject> expose(std::shared_ptr<Interface> object,
                                       bool thread_safe = false) {
  static_assert(ExposedClass<Interface>,
                "rmi: to export objects of a class, say what may be called: specialize "
                "rmi::Exposed<YourClass> with a static members(rmi::Members<YourClass>&) "
                "(see lectures/2-rmi.md#exposing)");
  if (!object) throw Error("cannot export a null " + type_name<Interface>() + " object");
  auto exported = std::make_shared<ExportedObject>();
  if constexpr (ExposedClass<Interface>) {
    exported->interface_name = type_name<Interface>();
    exported->class_name = demangle(typeid(*object).name());
    exported->interface_classes = class_names<Interface>();
    exported->thread_safe = thread_safe;
    std::vector<std::string> done;
    detail::expose_members(object, *exported, done);
    exported->instance = std::move(object);
  }
  return exported;
}

}  // namespace rmi
