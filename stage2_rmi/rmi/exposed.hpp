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
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <vector>

#include "stage1_rpc/core/demangle.hpp"
#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/rpc/bind.hpp"
#include "stage1_rpc/wire/type_name.hpp"
#include "stage2_rmi/rmi/bases.hpp"
#include "stage2_rmi/rmi/object_table.hpp"

namespace rmi {

template <class T>
class Members;

// Specialize for each class that may be exported (see above). The primary template is empty.
template <class T>
struct Exposed {};

namespace detail {

// A member function pointer turned into a std::function bound to one object.
template <class T, class Signature>
struct BoundMethod;

template <class T, class R, class... Args>
struct BoundMethod<T, R(Args...)> {
  static std::function<R(Args...)> bind(std::shared_ptr<T> object, R (T::*method)(Args...)) {
    return [object, method](Args... args) -> R {
      return ((*object).*method)(std::forward<Args>(args)...);
    };
  }
};

template <class T, class R, class... Args>
struct BoundMethod<T, R(Args...) const> {
  static std::function<R(Args...)> bind(std::shared_ptr<T> object, R (T::*method)(Args...) const) {
    return [object, method](Args... args) -> R {
      return ((*object).*method)(std::forward<Args>(args)...);
    };
  }
};

}  // namespace detail

template <class T>
class Members {
 public:
  Members(std::shared_ptr<T> object, ExportedObject& exported)
      : object_(std::move(object)), exported_(exported) {}

  // A method. For an overloaded name, give the signature: method<int(int, int)>("mul", ...).
  template <class Signature>
  Members& method(std::string name, Signature T::*member) {
    bind_function(exported_.methods, std::move(name),
                  detail::BoundMethod<T, Signature>::bind(object_, member));
    return *this;
  }

  // A data member, read as "get:name" and (unless const) written as "set:name". The reads and
  // writes take a lock of their own: on a thread_safe object two clients may otherwise set
  // one member at once. (The object's own methods do not take it: members that its methods
  // also change are better exposed through methods that guard them.)
  template <class Value>
  Members& attribute(const std::string& name, Value T::*member) {
    using Plain = std::remove_const_t<Value>;
    if constexpr (check_marshallable<Plain>()) {  // one error for both accessors, if any
      const std::shared_ptr<T> object = object_;
      const std::shared_ptr<std::mutex> guard = attribute_guard_;
      bind_function(exported_.methods, "get:" + name,
                    std::function<Plain()>([object, guard, member] {
                      std::scoped_lock lock(*guard);
                      return (*object).*member;
                    }));
      if constexpr (!std::is_const_v<Value>) {
        bind_function(exported_.methods, "set:" + name,
                      std::function<void(Value)>([object, guard, member](Value value) {
                        std::scoped_lock lock(*guard);
                        (*object).*member = std::move(value);
                      }));
      }
    }
    return *this;
  }

 private:
  std::shared_ptr<T> object_;
  ExportedObject& exported_;
  std::shared_ptr<std::mutex> attribute_guard_ = std::make_shared<std::mutex>();
};

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
