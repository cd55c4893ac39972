// EXERCISE RMI.8 — recognise a reference and wrap it             (lectures/4-references.md#rmi8)
//
// Goal:      where a method returns (or takes) an object passed by reference, the receiver gets
//            a working stand-in for it: a proxy that calls the object where it lives, and keeps
//            it alive there while the receiver holds it.
// Contract:  see refs/home.hpp. receive(in) reads what RMI.9 and RMI.10 write in place of such
//            a value, and nothing else:
//   - Anything but a reference there (another tag) is a ProtocolError that names the tag found
//     and the tag expected. So is a reference that names no server: no host, or port 0.
//   - A reference to this process's home server, as others reach it, names an object of this
//     process: that object itself is what was received — which one, and whether it is still
//     there, home_object (RMI.10) says. Received holds it in `local` and the reference in
//     `ref`, and no holding.
//   - Any other reference is held (holdings_) from now until the last copy of what the receiver
//     makes of it is dropped: Received holds the reference and its holding, no `local`.
//   It reads exactly the reference, however it ends; it never calls another process.
// Done when: make grade EX=RMI.8   shows RMI.8 pass.
#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/wire/codec.hpp"
#include "stage4_references/refs/home.hpp"

namespace rmi {

Home::Received Home::receive(InArchive& in) {
  throw NotImplemented("RMI.8", "Home::receive", "lectures/4-references.md#rmi8");
}

}  // namespace rmi
