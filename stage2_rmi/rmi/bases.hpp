#pragma once
// A class and the classes it is. "An instance of demo::Calculator, or of a subclass" — the
// lecture's isinstance — must be decided from names alone by a lookup service that has no C++
// classes (stage 3). So an exposed class may declare the classes it derives from:
//
//   template <>
//   struct rmi::Exposed<demo::ScientificCalculator> {
//     using bases = rmi::Bases<demo::Calculator>;
//     static void members(rmi::Members<demo::ScientificCalculator>& expose) { ... }
//   };
//
// An object exported through it is then a demo::Calculator too (and whatever Calculator's own
// Exposed declares), and it answers Calculator's exposed methods as well: a subclass exposes only
// what it adds, and its overrides run through the base's methods. See lectures/2-rmi.md#bases
#include <algorithm>
#include <string>
#include <type_traits>
#include <vector>

#include "stage1_rpc/wire/type_name.hpp"

namespace rmi {

template <class T>
struct Exposed;

template <class... Base>
struct Bases {};

template <class T>
concept DeclaresBases = requires {
  typename Exposed<T>::bases;
};

namespace detail {

template <class T>
void add_class_names(std::vector<std::string>& names);

template <class T, class... Base>
void add_base_names(std::vector<std::string>& names, Bases<Base...>) {
  static_assert((std::is_base_of_v<Base, T> && ...),
                "rmi::Bases<...> of an Exposed class must list classes it derives from");
  (add_class_names<Base>(names), ...);
}

template <class T>
void add_class_names(std::vector<std::string>& names) {
  const std::string name = type_name<T>();
  if (std::find(names.begin(), names.end(), name) != names.end()) return;  // a diamond
  names.push_back(name);
  if constexpr (DeclaresBases<T>) add_base_names<T>(names, typename Exposed<T>::bases{});
}

}  // namespace detail

// T's name, then the names of the bases it declares, theirs, and so on, each once.
template <class T>
std::vector<std::string> class_names() {
  std::vector<std::string> names;
  detail::add_class_names<T>(names);
  return names;
}

}  // namespace rmi
