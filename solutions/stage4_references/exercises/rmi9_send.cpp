// EXERCISE RMI.9 — the tag class and the protocol                 (lectures/4-references.md#rmi9)
// Reference solution.
#include <mutex>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/wire/codec.hpp"
#include "stage4_references/refs/home.hpp"

namespace rmi {

RemoteRef Home::send_local(OutArchive& out, const std::shared_ptr<RemoteObject>& object,
                           const std::function<ObjectId()>& export_object) {
  RemoteRef ref;
  {
    std::scoped_lock one_export(spare_);
    std::optional<ObjectId> id = exports_.id_of(object.get());
    if (!id || !exports_.sent(*id)) {
      id = export_object();
      ref = server_.ref(*id);
      exports_.add(*id, object, ref.class_name);
    } else {
      ref = server_.ref(*id);
    }
  }
  const std::uint8_t tag = kReferenceTag;
  out << tag << ref;
  return ref;
}

}  // namespace rmi
