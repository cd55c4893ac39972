#pragma once
// Readable, stable names for the types that travel: "int", "std::string",
// "std::vector<double>", "Point". A call's signature is spelled with these names, and the
// server compares it with the bound function's signature, so both sides must spell a type the
// same way; the spelling comes from the type alone, never from the compiler's library internals
// ("std::__cxx11::basic_string<char, ...>").                 See lectures/1-rpc.md#signatures
#include <array>
#include <deque>
#include <list>
#include <map>
#include <set>
#include <string>
#include <typeinfo>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "stage1_rpc/core/demangle.hpp"

namespace rmi {

template <class T>
struct TypeName {
  static std::string get() { return demangle(typeid(T).name()); }
};

// Spelled once per type and kept: a server spells the signature of every method of each object
// it exports, and a demangling costs microseconds (lectures/4-references.md#cost).
template <class T>
std::string type_name() {
  static const std::string name = TypeName<std::remove_cvref_t<T>>::get();
  return name;
}

namespace detail {
// "std::vector<int>": a template's name and its argument's name.
template <class T>
std::string template_name(const char* name) {
  return std::string(name) + "<" + type_name<T>() + ">";
}
// "std::map<std::string, int>": the same with two arguments.
template <class A, class B>
std::string template_name(const char* name) {
  return std::string(name) + "<" + type_name<A>() + ", " + type_name<B>() + ">";
}
}  // namespace detail

template <>
struct TypeName<std::string> {
  static std::string get() { return "std::string"; }
};
template <>
struct TypeName<void> {
  static std::string get() { return "void"; }
};
template <class T, class A>
struct TypeName<std::vector<T, A>> {
  static std::string get() { return detail::template_name<T>("std::vector"); }
};
template <class T, class A>
struct TypeName<std::list<T, A>> {
  static std::string get() { return detail::template_name<T>("std::list"); }
};
template <class T, class A>
struct TypeName<std::deque<T, A>> {
  static std::string get() { return detail::template_name<T>("std::deque"); }
};
template <class T, class C, class A>
struct TypeName<std::set<T, C, A>> {
  static std::string get() { return detail::template_name<T>("std::set"); }
};
template <class K, class V, class C, class A>
struct TypeName<std::map<K, V, C, A>> {
  static std::string get() { return detail::template_name<K, V>("std::map"); }
};
template <class T, class H, class E, class A>
struct TypeName<std::unordered_set<T, H, E, A>> {
  static std::string get() { return detail::template_name<T>("std::unordered_set"); }
};
template <class K, class V, class H, class E, class A>
struct TypeName<std::unordered_map<K, V, H, E, A>> {
  static std::string get() { return detail::template_name<K, V>("std::unordered_map"); }
};
template <class A, class B>
struct TypeName<std::pair<A, B>> {
  static std::string get() { return detail::template_name<A, B>("std::pair"); }
};
template <class T, std::size_t N>
struct TypeName<std::array<T, N>> {
  static std::string get() {
    return "std::array<" + type_name<T>() + ", " + std::to_string(N) + ">";
  }
};

}  // namespace rmi
