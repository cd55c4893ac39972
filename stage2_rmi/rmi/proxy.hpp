#pragma once
// The client's stand-in for one remote object: the lecture's ClientProxy. A Proxy is a value
// (a connection and a reference to the object); copies share the connection.
//                                                              See lectures/2-rmi.md#proxies
//   rmi::Proxy a(server, 1);                           // a connection and an object ID, or
//   rmi::Proxy b(reference);                           // a RemoteRef: the process's connection
//   std::string x = a.call<std::string>("f");          // dynamic: any method, checked remotely
//   auto g = a.method<int(std::string)>("g");          // a RemoteMethod with a fixed signature
//   int y = g("bar");
//   a.set("label", std::string("first"));              // exposed data members
//   std::future<int> later = a.call_async<int>("g", std::string("slow"));
//   a.send("log", std::string("no reply wanted"));     // one-way
//
// This header instantiates Boost archives; include it from .cpp files only.
#include <algorithm>
#include <chrono>
#include <exception>
#include <future>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "stage1_rpc/rpc/caller_pool.hpp"
#include "stage1_rpc/rpc/connection.hpp"
#include "stage1_rpc/rpc/connection_pool.hpp"
#include "stage2_rmi/exercises/rmi3_call_method.hpp"
#include "stage2_rmi/rmi/exposed.hpp"
#include "stage2_rmi/rmi/received_as.hpp"
#include "stage2_rmi/rmi/remote_ref.hpp"

namespace rmi {

template <class Signature>
class RemoteMethod;

namespace detail {
// The signature a method travels as: its own, without const or references on the parameters,
// and returning what the caller receives for its result (received_as.hpp).
template <class Signature>
struct TravelsAs;
template <class R, class... P>
struct TravelsAs<R(P...)> {
  using type = typename ReceivedAs<R>::type(std::remove_cvref_t<P>...);
  static constexpr std::size_t arguments = sizeof...(P);
};
template <class R, class... P>
struct TravelsAs<R(P...) const> : TravelsAs<R(P...)> {};
}  // namespace detail

class Proxy {
 public:
  // The object with this ID on the server at the other end of `server`, whatever its run.
  Proxy(std::shared_ptr<Connection> server, ObjectId object)
      : server_(std::move(server)), ref_{server_->server(), object, kAnyRun, {}, {}} {}
  // The object a reference names, through the pool's Connection to its server: every proxy of
  // that server shares it. Calls are refused once that server has restarted.
  explicit Proxy(RemoteRef ref, ConnectionPool& pool = ConnectionPool::shared())
      : server_(pool.to(ref.endpoint)), ref_(std::move(ref)) {}

  ObjectId id() const { return ref_.object; }
  // What this proxy stands for, as a value that can be stored or sent.
  const RemoteRef& ref() const { return ref_; }
  const std::shared_ptr<Connection>& connection() const { return server_; }

  // A copy of this proxy whose calls wait at most `timeout` for their reply.
  Proxy with_timeout(std::chrono::milliseconds timeout) const {
    Proxy copy = *this;
    copy.timeout_ = timeout;
    return copy;
  }

  // The dynamic call: the signature comes from the arguments as given (text travels as
  // std::string) and the result type you name.
  template <class R = void, class... Args>
  R call(std::string_view method, const Args&... args) const {
    if constexpr (check_marshallable<R, WireType<Args>...>()) {
      static const std::string signature = signature_of<R, WireType<Args>...>();
      return call_method<R>(*server_, method_call(method, signature), args...);
    }
  }

  // A callable stand-in for one method with a fixed signature (the lecture's RemoteMethod).
  template <class Signature>
  RemoteMethod<Signature> method(std::string name) const {
    return RemoteMethod<Signature>(*this, std::move(name));
  }

  // The typed call, checked by the compiler against the class's own header: the method is named
  // by its member pointer, the signature is the method's own, and the arguments convert as for
  // a local call. The class's rmi::Exposed must be visible here (it says under which name the
  // method is exposed, member_names.hpp):
  //   double third = proxy.call(&demo::Calculator::div, 1, 3);     // div double(double, double)
  //   int nine = proxy.call<int(int, int)>(&demo::Calculator::mul, 3, 3);   // an overload
  template <class Signature, class T, class... Args>
  auto call(Signature T::*member, const Args&... args) const {
    constexpr bool kCounted = detail::TravelsAs<Signature>::arguments == sizeof...(Args);
    static_assert(kCounted,
                  "rmi: the method called through its member pointer takes another number of "
                  "arguments");
    if constexpr (kCounted) return method(member)(args...);
  }
  template <class Signature, class T>
  RemoteMethod<typename detail::TravelsAs<Signature>::type> method(Signature T::*member) const {
    return RemoteMethod<typename detail::TravelsAs<Signature>::type>(*this,
                                                                     exposed_name<T>(member));
  }

  // Exposed data members.
  template <class T>
  T get(const std::string& attribute) const {
    return call<T>("get:" + attribute);
  }
  template <class T>
  void set(const std::string& attribute, const T& value) const {
    call<void>("set:" + attribute, value);
  }

  // Returns at once; the result, or the exception, arrives in the future. The call is made by
  // one of the process's CallerPool threads (rpc/caller_pool.hpp), over a connection that no
  // other call is using (a kept one, or a new one), so the proxy is free for other calls
  // meanwhile. The arguments are copied as their wire values ("text" as a std::string); its
  // timeout runs from now, also while it waits for a thread.
  template <class R = void, class... Args>
  [[nodiscard]] std::future<R> call_async(std::string method, const Args&... args) const {
    if constexpr (!check_marshallable<R, WireType<Args>...>()) {
      return {};  // check_marshallable has said why it cannot be
    } else {
      const auto promise = std::make_shared<std::promise<R>>();
      std::future<R> future = promise->get_future();
      const auto timeout = timeout_.count() > 0 ? timeout_ : server_->options().call_timeout;
      const auto deadline = CallerPool::Clock::now() + timeout;
      // Worked out here, not in a static of a pool thread's making (it could be gone at exit).
      std::string signature = signature_of<R, WireType<Args>...>();
      const auto call = [self = *this, promise, method, signature = std::move(signature), deadline,
                         arguments = std::tuple<WireType<Args>...>(as_wire_value(args)...)] {
        try {
          // What is left of the call's time, whole milliseconds, at least one.
          const auto left = std::max(
              std::chrono::milliseconds(1),
              std::chrono::ceil<std::chrono::milliseconds>(deadline - CallerPool::Clock::now()));
          const auto make = [&](const auto&... values) {
            return call_method<R>(*self.server_, self.method_call(method, signature, left),
                                  values...);
          };
          if constexpr (std::is_void_v<R>) {
            std::apply(make, arguments);
            promise->set_value();
          } else {
            promise->set_value(std::apply(make, arguments));
          }
        } catch (...) {
          promise->set_exception(std::current_exception());
        }
      };
      const auto too_late = [promise, method, timeout, where = server_->server().to_string()] {
        try {
          throw Timeout("call '" + method + "' to " + where + ": not made within its " +
                        std::to_string(timeout.count()) +
                        " ms: every thread for asynchronous calls was busy (too many in flight)");
        } catch (...) {  // the Timeout, or what stopped it being made
          promise->set_exception(std::current_exception());
        }
      };
      try {
        CallerPool::shared().run(deadline, call, too_late);
      } catch (...) {
        promise->set_exception(std::current_exception());
      }
      return future;
    }
  }

  // A one-way call: sent, never answered. The caller cannot learn whether or how it ran;
  // the server logs a failure.
  template <class... Args>
  void send(std::string_view method, const Args&... args) const {
    if constexpr (check_marshallable<void, WireType<Args>...>()) {
      static const std::string signature = signature_of<void, WireType<Args>...>();
      const MethodCall call = method_call(method, signature);
      OutFrame message = call_frame(kOneWayCall, call, args...);
      server_->send(message, method, signature, call.target(), call.timeout);
    }
  }

 private:
  template <class Signature>
  friend class RemoteMethod;

  // The header of a call through this proxy: its timeout, or the connection's.
  MethodCall method_call(std::string_view method, std::string_view signature,
                         std::chrono::milliseconds timeout = {}) const {
    if (timeout.count() <= 0) timeout = timeout_;
    if (timeout.count() <= 0) timeout = server_->options().call_timeout;
    return MethodCall{ref_.object, method, signature, timeout, ref_.server_run};
  }

  // A call as it travels: the header, then the arguments as RMI.1a packs them.
  template <class... Args>
  OutFrame call_frame(MessageKind kind, const MethodCall& call, const Args&... args) const {
    OutFrame frame(kind, server_->options().limits);
    {
      OutArchive out(frame);
      write_call_header(out, call);
      pack_arguments(out, as_wire_value(args)...);
    }
    return frame;
  }

  std::shared_ptr<Connection> server_;
  RemoteRef ref_;
  std::chrono::milliseconds timeout_{0};
};

// One remote method with a fixed signature: arguments convert as for a local call, and the
// signature is spelled once, when the RemoteMethod is made.
template <class R, class... Args>
class RemoteMethod<R(Args...)> {
  static constexpr bool kCallable = check_marshallable<R, std::remove_cvref_t<Args>...>();

 public:
  RemoteMethod(Proxy proxy, std::string name)
      : proxy_(std::move(proxy)),
        name_(std::move(name)),
        signature_(signature_of<R, std::remove_cvref_t<Args>...>()) {}

  R operator()(const std::remove_cvref_t<Args>&... args) const {
    if constexpr (kCallable) {
      return call_method<R>(*proxy_.connection(), proxy_.method_call(name_, signature_, timeout_),
                            args...);
    }
  }

  RemoteMethod with_timeout(std::chrono::milliseconds timeout) const {
    RemoteMethod copy = *this;
    copy.timeout_ = timeout;
    return copy;
  }
  const std::string& name() const { return name_; }
  const std::string& signature() const { return signature_; }

 private:
  Proxy proxy_;
  std::string name_;
  std::string signature_;
  std::chrono::milliseconds timeout_{0};
};

}  // namespace rmi
