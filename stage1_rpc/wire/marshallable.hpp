#pragma once
// Which types can travel as arguments and results. Values travel by value: the sender writes a
// value's state into the payload and the receiver builds a new value from it. That works for
// numbers, scoped enums (enum class), std::string, the standard containers of such values, and
// your own types that have a serialize() member (or a free serialize() beside them, found by
// argument-dependent lookup). Pointers do not travel: an address means nothing in another
// process (and a class that a program writes by pointer is "tracked" by Boost, which the receiver
// refuses: see codec.hpp). Plain enums do not either: a value from the network outside their range would be
// undefined behaviour, while any value of an enum class's underlying type is valid. Checking this
// before Boost sees the type turns a mistake into one readable compile error instead of pages from
// inside Boost.               See lectures/1-rpc.md#marshalling
#include <array>
#include <concepts>
#include <deque>
#include <list>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace rmi {

class OutArchive;

// The check below cannot see a serialize() that is private (the Boost idiom with
// `friend class boost::serialization::access`) or one written inside namespace
// boost::serialization. For such a type, say so:
//   template <> struct rmi::MarshalledByBoost<MyType> : std::true_type {};
template <class T>
struct MarshalledByBoost : std::false_type {};

namespace detail {

template <class T>
concept HasSerialize = requires(T& value, OutArchive& archive, const unsigned version) {
  value.serialize(archive, version);
}
|| requires(T& value, OutArchive& archive, const unsigned version) {
  serialize(archive, value, version);
};

template <class T>
constexpr bool kScopedEnum = [] {
  if constexpr (std::is_enum_v<T>) {
    return !std::is_convertible_v<T, std::underlying_type_t<T>>;
  } else {
    return false;
  }
}();

template <class T>
struct IsMarshallable : std::bool_constant<std::is_arithmetic_v<T> || kScopedEnum<T> ||
                                           HasSerialize<T> || MarshalledByBoost<T>::value> {};

template <class... Ts>
struct AllMarshallable : std::bool_constant<(IsMarshallable<Ts>::value && ...)> {};

template <>
struct IsMarshallable<std::string> : std::true_type {};
template <class T, class A>
struct IsMarshallable<std::vector<T, A>> : AllMarshallable<T> {};
template <class T, class A>
struct IsMarshallable<std::list<T, A>> : AllMarshallable<T> {};
template <class T, class A>
struct IsMarshallable<std::deque<T, A>> : AllMarshallable<T> {};
template <class T, class C, class A>
struct IsMarshallable<std::set<T, C, A>> : AllMarshallable<T> {};
template <class K, class V, class C, class A>
struct IsMarshallable<std::map<K, V, C, A>> : AllMarshallable<K, V> {};
template <class T, class H, class E, class A>
struct IsMarshallable<std::unordered_set<T, H, E, A>> : AllMarshallable<T> {};
template <class K, class V, class H, class E, class A>
struct IsMarshallable<std::unordered_map<K, V, H, E, A>> : AllMarshallable<K, V> {};
template <class A, class B>
struct IsMarshallable<std::pair<A, B>> : AllMarshallable<A, B> {};
template <class T, std::size_t N>
struct IsMarshallable<std::array<T, N>> : AllMarshallable<T> {};

}  // namespace detail

template <class T>
concept Marshallable = std::default_initializable<std::remove_cvref_t<T>> &&
    detail::IsMarshallable<std::remove_cvref_t<T>>::value;

// True if R (or void) and every Args are Marshallable. Used in `if constexpr` at the places
// where a call is marshalled: when it is false, this is the one compile error you see.
template <class R, class... Args>
constexpr bool check_marshallable() {
  constexpr bool ok = (std::is_void_v<R> || Marshallable<R>)&&(Marshallable<Args> && ...);
  static_assert(ok,
                "rmi: every argument and the result of a remote call must be Marshallable: a "
                "number, std::string, a standard container of those, or a default-constructible "
                "type with a serialize() member (see lectures/1-rpc.md#marshalling)");
  return ok;
}

// The type a value travels as: its own type, except that text given as a string literal,
// a char pointer or a string_view travels as std::string.
template <class T>
using WireType = std::conditional_t<std::is_convertible_v<const T&, std::string_view> &&
                                        !std::is_same_v<std::remove_cvref_t<T>, std::string>,
                                    std::string, std::remove_cvref_t<T>>;

// The value to write for an argument: the argument itself, or a std::string made from text.
template <class T>
decltype(auto) as_wire_value(const T& value) {
  if constexpr (std::is_same_v<WireType<T>, std::remove_cvref_t<T>>) {
    return (value);
  } else {
    return WireType<T>(value);
  }
}

}  // namespace rmi
