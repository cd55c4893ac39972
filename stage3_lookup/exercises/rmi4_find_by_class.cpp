// EXERCISE RMI.4 — look up by class                            (lectures/3-lookup.md#rmi4)
//
// Goal:      the lecture's lookup('ServiceClass'): find the registered objects that are
//            instances of a class, or of any of its subclasses, from names alone.
// Contract:  see lookup/name_table.hpp. find_class(class_name, at_most):
//   - a class_name that is not a class name (names.hpp) is refused with MalformedClassName,
//     in check_class_name's words;
//   - a class no registration has ever declared is refused with NoSuchClass, worded exactly:
//       no exporter has declared the class demo::Circle
//   - otherwise it returns the references of the registered objects that are a class_name
//     (their own class or a base they declare), in the order of their names, at most at_most of
//     them; none is an answer too: the class is known, but nothing of it is registered now.
// Done when: make grade EX=RMI.4   shows RMI.4 pass.
#include "stage1_rpc/core/error.hpp"
#include "stage3_lookup/lookup/lookup_errors.hpp"
#include "stage3_lookup/lookup/name_table.hpp"
#include "stage3_lookup/lookup/names.hpp"

namespace rmi {

std::vector<RemoteRef> NameTable::find_class(const std::string& class_name,
                                             std::size_t at_most) const {
  throw NotImplemented("RMI.4", "NameTable::find_class", "lectures/3-lookup.md#rmi4");
}

}  // namespace rmi
