#pragma once
// What an rmi::Exposed specialization fills (exposed.hpp): the methods and data members of one
// object, bound by name into its ExportedObject's FunctionTable. Each method is bound through
// its member pointer, kept with a shared_ptr to the object, so a virtual method runs the
// object's own override. A Members made from a MemberNames binds nothing and only collects the
// names (member_names.hpp).                                 See lectures/2-rmi.md#exposing
// This header instantiates Boost archives; include it from .cpp files only.
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <utility>

#include "stage1_rpc/rpc/bind.hpp"
#include "stage2_rmi/rmi/member_names.hpp"
#include "stage2_rmi/rmi/object_table.hpp"

namespace rmi {

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
      : object_(std::move(object)), exported_(&exported) {}
  // Collects only the methods' names (member_names.hpp): nothing is bound, nothing exported.
  explicit Members(MemberNames& names) : names_(&names) {}

  // A method. For an overloaded name, give the signature: method<int(int, int)>("mul", ...).
  template <class Signature>
  Members& method(std::string name, Signature T::*member) {
    if (names_ != nullptr) {
      names_->add(name, member);
    } else {
      bind_function(exported_->methods, std::move(name),
                    detail::BoundMethod<T, Signature>::bind(object_, member));
    }
    return *this;
  }

  // A data member, read as "get:name" and (unless const) written as "set:name". The reads and
  // writes take a lock of their own: on a thread_safe object two clients may otherwise set
  // one member at once. (The object's own methods do not take it: members that its methods
  // also change are better exposed through methods that guard them.)
  template <class Value>
  Members& attribute(const std::string& name, Value T::*member) {
    using Plain = std::remove_const_t<Value>;
    if (names_ != nullptr) return *this;          // read and written by name: "get:" + name
    if constexpr (check_marshallable<Plain>()) {  // one error for both accessors, if any
      const std::shared_ptr<T> object = object_;
      const std::shared_ptr<std::mutex> guard = attribute_guard_;
      bind_function(exported_->methods, "get:" + name,
                    std::function<Plain()>([object, guard, member] {
                      std::scoped_lock lock(*guard);
                      return (*object).*member;
                    }));
      if constexpr (!std::is_const_v<Value>) {
        bind_function(exported_->methods, "set:" + name,
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
  ExportedObject* exported_ = nullptr;
  MemberNames* names_ = nullptr;
  std::shared_ptr<std::mutex> attribute_guard_ = std::make_shared<std::mutex>();
};

}  // namespace rmi
