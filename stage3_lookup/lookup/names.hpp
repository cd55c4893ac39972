#pragma once
// What the lookup service accepts, and how much it keeps. Everything here comes from the
// network, so each rule is also a bound.                     See lectures/3-lookup.md#names
//
//   a name    dotted parts of letters, digits, '_' and '-': "calculator_node1",
//             "demo.cluster.node1"; at most kMaxNameLength characters
//   a class   a C++ class name, as type_name<T>() spells it: identifiers joined by "::",
//             "demo::Calculator"; at most kMaxClassNameLength characters
//   a prefix  a name, or empty: list("demo.cluster") lists "demo.cluster" and the names under
//             it ("demo.cluster.node1"), not "demo.clusters"
#include <cstddef>
#include <string_view>

namespace rmi {

inline constexpr std::size_t kMaxNameLength = 200;
inline constexpr std::size_t kMaxClassNameLength = 256;
inline constexpr std::size_t kMaxClassesPerRef = 32;
// A reference's class names together: so that a list of every name the service holds still fits
// in one reply frame (lectures/3-lookup.md#names).
inline constexpr std::size_t kMaxClassBytesPerRef = 512;
inline constexpr std::size_t kMaxOwnerKeyLength = 128;
inline constexpr std::size_t kMaxNames = 10'000;         // registered at once, in all
inline constexpr std::size_t kMaxNamesPerOwner = 1'000;  // by one process
// From one host, whatever owner keys it invents: a quarter of the service, so that it takes four
// hosts to fill it.
inline constexpr std::size_t kMaxNamesPerHost = 2'500;
inline constexpr std::size_t kMaxKnownClasses = 10'000;  // remembered for lookups by class

bool is_name(std::string_view text);
bool is_class_name(std::string_view text);
// True if `name` is `prefix` or lies under it; every name lies under the empty prefix.
bool is_under(std::string_view name, std::string_view prefix);

// Throw BadName / MalformedClassName with a message that quotes the text (made printable) and
// says what is accepted.
void check_name(std::string_view text);
void check_class_name(std::string_view text);

}  // namespace rmi
