#include "stage1_rpc/wire/message_kind.hpp"

#include <map>
#include <mutex>

#include "stage1_rpc/core/error.hpp"

namespace rmi {

namespace {

struct KindNames {
  std::mutex mutex;
  std::map<MessageKind, std::pair<std::string, std::string>> names = {
      {MessageKind::Call, {"Call", ""}},       {MessageKind::Reply, {"Reply", ""}},
      {MessageKind::Hello, {"Hello", ""}},     {MessageKind::Welcome, {"Welcome", ""}},
      {MessageKind::Refused, {"Refused", ""}},
  };
};

// Built on first use, so that stages may name their kinds from static initializers.
KindNames& kind_names() {
  static KindNames table;
  return table;
}

}  // namespace

std::string to_string(MessageKind kind) {
  KindNames& table = kind_names();
  std::scoped_lock lock(table.mutex);
  const auto found = table.names.find(kind);
  if (found != table.names.end()) return found->second.first;
  return "kind " + std::to_string(static_cast<unsigned>(kind));
}

std::string about(MessageKind kind) {
  KindNames& table = kind_names();
  std::scoped_lock lock(table.mutex);
  const auto found = table.names.find(kind);
  return found == table.names.end() ? std::string() : found->second.second;
}

bool name_message_kind(MessageKind kind, std::string_view name, std::string_view about) {
  KindNames& table = kind_names();
  std::scoped_lock lock(table.mutex);
  const auto [entry, added] = table.names.try_emplace(kind, std::string(name), std::string(about));
  if (!added && entry->second.first != name) {
    throw Error("message kind " + std::to_string(static_cast<unsigned>(kind)) + " is " +
                entry->second.first + " already; it cannot also be " + std::string(name));
  }
  return true;
}

}  // namespace rmi
