#pragma once
// Readable C++ type names at run time ("std::bad_any_cast", not "St12bad_any_cast"), for
// signatures on the wire and for messages about exceptions. The standard library's internal
// spellings are shortened to what a reader writes: a thrown std::string is "std::string", not
// "std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >".
#include <exception>
#include <string>

namespace rmi {

std::string demangle(const char* mangled_name);

// "std::out_of_range: vector::at" — the exception's dynamic type and its message.
std::string describe(const std::exception& e);

}  // namespace rmi
