// EXERCISE RMI.1c — the function table                           (lectures/1-rpc.md#rmi1c)
// Reference solution.
#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/rpc/function_table.hpp"

namespace rmi {

void FunctionTable::bind(std::string name, std::string signature, Handler handler) {
  std::vector<Overload>& overloads = functions_[name];
  for (const Overload& overload : overloads) {
    if (overload.signature == signature) {
      throw Error("cannot bind '" + name + " " + signature + "': it is bound already");
    }
  }
  overloads.push_back(Overload{std::move(signature), std::move(handler)});
}

const Handler& FunctionTable::find(std::string_view name, std::string_view signature) const {
  const auto found = functions_.find(name);
  if (found == functions_.end()) {
    throw NoSuchFunction("no function named '" + std::string(name) + "'; bound: " + list_names());
  }
  std::string bound;
  for (const Overload& overload : found->second) {
    if (overload.signature == signature) return overload.handler;
    bound += (bound.empty() ? "" : ", ") + overload.signature;
  }
  throw BadArguments("'" + std::string(name) + "' is not bound as " + std::string(signature) +
                     "; bound: " + bound);
}

}  // namespace rmi
