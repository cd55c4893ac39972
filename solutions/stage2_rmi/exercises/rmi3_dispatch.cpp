// EXERCISE RMI.3, server side — dispatch a call to an object        (lectures/2-rmi.md#rmi3)
// Reference solution.
#include "stage1_rpc/core/error.hpp"
#include "stage2_rmi/rmi/errors.hpp"
#include "stage2_rmi/rmi/object_table.hpp"

namespace rmi {

void ObjectTable::dispatch(const CallHeader& call, InArchive& in, OutArchive& out) const {
  const std::shared_ptr<ExportedObject> object = find(call.object);
  if (!object) {
    throw NoSuchObject("no object " + std::to_string(call.object) +
                       " here; objects: " + list_ids());
  }
  const Handler* handler = nullptr;
  try {
    handler = &object->methods.find(call.method, call.signature);
  } catch (const NoSuchFunction&) {
    throw NoSuchMethod("object " + std::to_string(call.object) + " (" + object->interface_name +
                       ") has no method '" + call.method +
                       "'; methods: " + object->methods.list_names());
  }
  if (object->thread_safe) {
    (*handler)(in, out);
    return;
  }
  const std::optional<Turns::Held> turn = object->turns.take(call.deadline);
  if (!turn) {
    throw Timeout("object " + std::to_string(call.object) + " (" + object->interface_name +
                  ") was busy with other calls for all of the " +
                  std::to_string(call.time_allowed.count()) + " ms its caller allowed");
  }
  if (turn->waited() && call.caller_gone && call.caller_gone()) {
    throw ConnectionError("the caller of '" + call.describe() +
                          "' hung up while it waited for its turn: not started");
  }
  (*handler)(in, out);
}

}  // namespace rmi
