#include "stage1_rpc/core/demangle.hpp"

#include <cxxabi.h>

#include <cstdlib>
#include <memory>
#include <typeinfo>

namespace rmi {

std::string demangle(const char* mangled_name) {
  int status = 0;
  std::unique_ptr<char, decltype(&std::free)> readable(
      abi::__cxa_demangle(mangled_name, nullptr, nullptr, &status), &std::free);
  return status == 0 && readable ? std::string(readable.get()) : std::string(mangled_name);
}

std::string describe(const std::exception& e) {
  return demangle(typeid(e).name()) + ": " + e.what();
}

}  // namespace rmi
