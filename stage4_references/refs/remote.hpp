#pragma once
// A reference to a T that lives in this process or in another: what a method declares to take or
// return an object by reference (T derives from rmi::RemoteObject). It holds the object itself,
// or a proxy for it, and is called the same way either way — typed, through member pointers:
//
//   rmi::Remote<Listener> listener = ...;                    // received, or made from a local one
//   listener.call(&Listener::hear, "alice", "hello");        // runs where the listener lives
//
//   class Room : public rmi::RemoteObject {
//     void join(rmi::Remote<Listener> listener);             // a parameter by reference
//     std::shared_ptr<Item> make();                          // returned by reference: the
//   };                                                       //   caller gets a Remote<Item>
//
// On the wire a reference is the tag kReferenceTag and a RemoteRef (home.hpp); sending one is
// RMI.9 and RMI.10, receiving one RMI.8. Copies share what they hold: a received proxy's object
// is held at its exporter while a copy lives (holdings.hpp).  See lectures/4-references.md
// This header instantiates Boost archives; include it from .cpp files only.
#include <boost/serialization/level.hpp>
#include <boost/serialization/split_member.hpp>
#include <boost/serialization/tracking.hpp>
#include <chrono>
#include <concepts>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/core/printable.hpp"
#include "stage1_rpc/wire/codec.hpp"
#include "stage1_rpc/wire/marshallable.hpp"
#include "stage1_rpc/wire/type_name.hpp"
#include "stage2_rmi/rmi/errors.hpp"
#include "stage2_rmi/rmi/proxy.hpp"
#include "stage2_rmi/rmi/received_as.hpp"
#include "stage4_references/refs/home.hpp"
#include "stage4_references/refs/remote_object.hpp"

namespace rmi {

template <class T>
concept PassedByReference = std::derived_from<T, RemoteObject>;

template <class T>
class Remote {
  static_assert(PassedByReference<T>,
                "rmi::Remote<T>: only a class derived from rmi::RemoteObject is passed by "
                "reference (lectures/4-references.md#the-tag)");

 public:
  Remote() = default;
  // An object of this process (of T or a class derived from it): sent, it is exported here and
  // a reference to it travels. Implicit, so that one is passed where a Remote<T> is declared.
  template <class U>
  requires std::convertible_to<U*, T*> Remote(std::shared_ptr<U> object)
      : local_(std::move(object)) {}  // NOLINT: implicit on purpose
  // An object elsewhere, through a proxy made from its reference.
  explicit Remote(Proxy proxy) : remote_(std::move(proxy)) {}

  explicit operator bool() const { return local_ != nullptr || remote_.has_value(); }
  bool is_local() const { return local_ != nullptr; }
  // The object, if it is one of this process's; else nullptr.
  const std::shared_ptr<T>& local() const { return local_; }
  // The proxy, if it is elsewhere. Throws rmi::Error for a local object.
  const Proxy& proxy() const {
    if (!remote_) throw Error("rmi::Remote<" + type_name<T>() + "> is a local object, no proxy");
    return *remote_;
  }

  // A copy whose calls to an object elsewhere wait at most `timeout` for their reply.
  Remote with_timeout(std::chrono::milliseconds timeout) const {
    Remote copy = *this;
    if (copy.remote_) copy.remote_ = copy.remote_->with_timeout(timeout);
    return copy;
  }

  // Calls a method of the object, where it is: here, a plain call; elsewhere, through the proxy
  // (Proxy::call by member pointer). What a method returns by reference comes back a Remote.
  // A reference whose object its exporter no longer has throws NoSuchObject.
  template <class Signature, class... Args>
  auto call(Signature T::*member, const Args&... args) const {
    using Result = decltype(proxy().call(member, args...));
    if (!*this) throw Error("rmi::Remote<" + type_name<T>() + "> is empty");
    if (local_) {
      if constexpr (std::is_void_v<Result>) {
        ((*local_).*member)(args...);
      } else {
        return Result(((*local_).*member)(args...));
      }
    } else {
      try {
        return remote_->call(member, args...);
      } catch (const NoSuchObject& e) {
        throw NoSuchObject(printable(remote_->ref().to_string()) +
                           " is gone: its exporter released it (it heard from no holder for a "
                           "lease) or restarted (" +
                           e.what() + ")");
      }
    }
  }

  void save(OutArchive& out, unsigned) const {
    if (local_) {
      Home& home = Home::here();
      home.write_object(out, local_, [&home, this] { return home.export_object<T>(local_); });
    } else if (remote_) {
      Home::here().write_proxy(out, remote_->ref(), holding_);
    } else {
      throw BadArguments("cannot send an empty rmi::Remote<" + type_name<T>() + ">");
    }
  }

  void load(InArchive& in, unsigned) {
    Home::Received received = Home::here().read(in);
    if (received.local) {
      local_ = std::dynamic_pointer_cast<T>(received.local);
      if (!local_) refuse(received.ref);
      return;
    }
    if (!received.ref.is_a(type_name<T>())) refuse(received.ref);
    remote_.emplace(received.ref);
    holding_ = std::move(received.holding);
  }
  BOOST_SERIALIZATION_SPLIT_MEMBER()

 private:
  [[noreturn]] static void refuse(const RemoteRef& ref) {
    throw BadArguments("a reference to " + printable(ref.to_string()) +
                       " arrived for an rmi::Remote<" + type_name<T>() + ">: it is not a " +
                       type_name<T>());
  }

  std::shared_ptr<T> local_;
  std::optional<Proxy> remote_;
  std::shared_ptr<Holdings::Holding> holding_;  // keeps a received object alive at its exporter
};

// In signatures a reference is spelled the same on both sides, whether a method declares it as
// a Remote<T> or as the std::shared_ptr<T> it returns.
template <class T>
struct TypeName<Remote<T>> {
  static std::string get() { return "rmi::Remote<" + type_name<T>() + ">"; }
};
template <PassedByReference T>
struct TypeName<std::shared_ptr<T>> {
  static std::string get() { return "rmi::Remote<" + type_name<T>() + ">"; }
};
namespace detail {
template <PassedByReference T>
struct IsMarshallable<std::shared_ptr<T>> : std::true_type {};
}  // namespace detail
// A method that returns a std::shared_ptr<T> gives its remote caller a Remote<T>: the object
// stays where it is (received_as.hpp).
template <PassedByReference T>
struct ReceivedAs<std::shared_ptr<T>> {
  using type = Remote<T>;
};

// A method that returns (or takes) a std::shared_ptr<T> of a class passed by reference sends (or
// receives) a reference, as a Remote<T> would. Found by argument-dependent lookup, through T's
// base class in this namespace, and preferred to Boost's pointer serialization.
template <PassedByReference T>
void serialize(OutArchive& out, std::shared_ptr<T>& object, const unsigned version) {
  Remote<T>(object).save(out, version);
}
template <PassedByReference T>
void serialize(InArchive& in, std::shared_ptr<T>& object, const unsigned version) {
  Remote<T> received;
  received.load(in, version);
  if (!received.is_local()) {
    throw BadArguments(
        "a reference to an object in another process arrived for a std::shared_ptr<" +
        type_name<T>() + ">: declare the parameter as rmi::Remote<" + type_name<T>() +
        "> to call it there");
  }
  object = received.local();
}

}  // namespace rmi

// A reference stands where the value would: [tag][RemoteRef], with no class header of Boost's in
// front (a value of a class has one, the first time its class appears in a payload), so that
// RMI.8 reads exactly what RMI.9 and RMI.10 write, whichever of the two types a side declares.
namespace boost::serialization {
template <class T>
struct implementation_level<rmi::Remote<T>> {
  using tag = mpl::integral_c_tag;
  using type = mpl::int_<object_serializable>;
  BOOST_STATIC_CONSTANT(int, value = type::value);
};
template <class T>
struct tracking_level<rmi::Remote<T>> {
  using tag = mpl::integral_c_tag;
  using type = mpl::int_<track_never>;
  BOOST_STATIC_CONSTANT(int, value = type::value);
};
template <rmi::PassedByReference T>
struct implementation_level<std::shared_ptr<T>> : implementation_level<rmi::Remote<T>> {};
template <rmi::PassedByReference T>
struct tracking_level<std::shared_ptr<T>> : tracking_level<rmi::Remote<T>> {};
}  // namespace boost::serialization
