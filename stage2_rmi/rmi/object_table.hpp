#pragma once
// The server's table of exported objects, by object ID: the lecture's _exportedObjects.
// Each entry holds the object (kept alive by the table), its methods already bound to it (a
// stage 1 FunctionTable per object, so overloads and signatures work as for functions), and
// its turns. Objects may be added and removed while the server runs, so the table is shared between
// threads and owns one mutex; a call takes what it needs and runs without it.
//                                                          See lectures/2-rmi.md#rmi3
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "stage1_rpc/rpc/function_table.hpp"
#include "stage2_rmi/rmi/call_header.hpp"
#include "stage2_rmi/rmi/turns.hpp"

namespace rmi {

// One exported object, as the server sees it.
struct ExportedObject {
  std::string interface_name;  // the interface it is exported through, e.g. "A"
  std::string class_name;      // its own class, e.g. "B"
  // The interface and the bases it declares (bases.hpp): what it may be looked up as.
  std::vector<std::string> interface_classes;
  FunctionTable methods;  // bound to the object; attributes as "get:name" and "set:name"
  // Unless thread_safe, calls on this object take turns: it need not guard its own state.
  bool thread_safe = false;
  Turns turns;
  std::shared_ptr<void> instance;  // keeps the object alive while it is exported
};

class ObjectTable {
 public:
  // Adds under the next free ID (or under `id`, which must be free); returns the ID.
  ObjectId add(std::shared_ptr<ExportedObject> object);
  void add(ObjectId id, std::shared_ptr<ExportedObject> object);
  // Returns false if there was no such object.
  bool remove(ObjectId id);

  // The object, or nothing. The entry stays alive as long as the caller holds it.
  std::shared_ptr<ExportedObject> find(ObjectId id) const;
  // "0, 1, 2, 3" — the IDs there are, for messages.
  std::string list_ids() const;
  // One line per object: "object 4 (Counter, class Counter): 2 calls waiting for its turn".
  std::vector<std::string> describe() const;

  // RMI.3 (exercises/rmi3_dispatch.cpp): runs the call's method on the object it names.
  void dispatch(const CallHeader& call, InArchive& in, OutArchive& out) const;

 private:
  mutable std::shared_mutex mutex_;
  std::map<ObjectId, std::shared_ptr<ExportedObject>> objects_;
  ObjectId next_id_ = 1;
};

}  // namespace rmi
