#pragma once
// The server's table of bound functions, by name. A name may be bound more than once with
// different signatures, as C++ overloads a function name: "mul" for int(int, int) and for
// std::string(std::string, int). A call names the signature it wants and gets exactly that one.
// The table is filled before the server starts and only read afterwards, by many connection
// threads at once; reading needs no lock.                  See lectures/1-rpc.md#rmi1c
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace rmi {

class InArchive;
class OutArchive;

// Runs one bound function: reads its arguments from `in`, calls it, writes its result to `out`.
using Handler = std::function<void(InArchive& in, OutArchive& out)>;

class FunctionTable {
 public:
  struct Overload {
    std::string signature;
    Handler handler;
  };

  // RMI.1c (exercises/rmi1c_function_table.cpp)
  void bind(std::string name, std::string signature, Handler handler);
  const Handler& find(std::string_view name, std::string_view signature) const;

  // "add, div, f" — the bound names in order, for messages.
  std::string list_names() const {
    std::string names;
    for (const auto& [name, overloads] : functions_)
      names += (names.empty() ? "" : ", ") + name;
    return names.empty() ? "(none)" : names;
  }

 private:
  // std::less<> lets find() look a string_view up without building a std::string.
  std::map<std::string, std::vector<Overload>, std::less<>> functions_;
};

}  // namespace rmi
