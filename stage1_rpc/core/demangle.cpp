#include "stage1_rpc/core/demangle.hpp"

#include <cxxabi.h>

#include <cstdlib>
#include <memory>
#include <string_view>
#include <typeinfo>

namespace rmi {

namespace {

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

// The standard library's own spellings, as type_name<T>() spells them (wire/type_name.hpp).
// Each library puts parts of std in a versioned inline namespace: libstdc++ its new string and
// list in std::__cxx11, libc++ everything in std::__1. And std::string is an alias, so the
// compiler only knows the template it stands for.
std::string as_written(std::string name) {
  replace_all(name, "std::__cxx11::", "std::");
  replace_all(name, "std::__1::", "std::");
  replace_all(name, "std::basic_string<char, std::char_traits<char>, std::allocator<char> >",
              "std::string");
  replace_all(name, "std::basic_string<char, std::char_traits<char>, std::allocator<char>>",
              "std::string");
  // The demangler writes "> >" where two templates end together; one of them is gone now.
  replace_all(name, "std::string >", "std::string>");
  return name;
}

}  // namespace

std::string demangle(const char* mangled_name) {
  int status = 0;
  std::unique_ptr<char, decltype(&std::free)> readable(
      abi::__cxa_demangle(mangled_name, nullptr, nullptr, &status), &std::free);
  return status == 0 && readable ? as_written(readable.get()) : std::string(mangled_name);
}

std::string describe(const std::exception& e) {
  return demangle(typeid(e).name()) + ": " + e.what();
}

}  // namespace rmi
