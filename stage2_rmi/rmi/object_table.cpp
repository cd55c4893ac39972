#include "stage2_rmi/rmi/object_table.hpp"

#include "stage1_rpc/core/error.hpp"

namespace rmi {

ObjectId ObjectTable::add(std::shared_ptr<ExportedObject> object) {
  std::unique_lock lock(mutex_);
  while (objects_.contains(next_id_))
    ++next_id_;
  const ObjectId id = next_id_++;
  objects_.emplace(id, std::move(object));
  return id;
}

void ObjectTable::add(ObjectId id, std::shared_ptr<ExportedObject> object) {
  std::unique_lock lock(mutex_);
  if (!objects_.emplace(id, std::move(object)).second) {
    throw Error("cannot export an object as " + std::to_string(id) + ": that ID is taken");
  }
}

bool ObjectTable::remove(ObjectId id) {
  std::shared_ptr<ExportedObject> removed;  // released after the lock, outside it
  std::unique_lock lock(mutex_);
  const auto found = objects_.find(id);
  if (found == objects_.end()) return false;
  removed = std::move(found->second);
  objects_.erase(found);
  return true;
}

std::shared_ptr<ExportedObject> ObjectTable::find(ObjectId id) const {
  std::shared_lock lock(mutex_);
  const auto found = objects_.find(id);
  return found == objects_.end() ? nullptr : found->second;
}

std::vector<std::string> ObjectTable::describe() const {
  std::vector<std::string> lines;
  std::shared_lock lock(mutex_);
  for (const auto& [id, object] : objects_) {
    std::string line = "object " + std::to_string(id) + " (" + object->interface_name;
    if (object->class_name != object->interface_name) line += ", class " + object->class_name;
    line += object->thread_safe ? ", thread-safe)" : ")";
    if (!object->thread_safe) {
      line += ": " + std::to_string(object->turns.in_line()) + " calls waiting for its turn";
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

std::string ObjectTable::list_ids() const {
  std::shared_lock lock(mutex_);
  std::string ids;
  for (const auto& [id, object] : objects_)
    ids += (ids.empty() ? "" : ", ") + std::to_string(id);
  return ids.empty() ? "(none)" : ids;
}

}  // namespace rmi
