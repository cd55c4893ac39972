// Must NOT compile: exporting an object whose class says nothing about what may be called,
// and exposing a data member whose type cannot travel. One readable error each.
#include "stage2_rmi/rmi/object_server.hpp"

struct Secretive {
  int answer() { return 42; }
};

struct Opaque {
  int secret = 0;
};
struct Holder {
  Opaque inside;
};
template <>
struct rmi::Exposed<Holder> {
  static void members(Members<Holder>& expose) {
    expose.attribute("inside", &Holder::inside);  // EXPECT-ERROR Marshallable
  }
};

void export_it(rmi::ObjectServer& server) {
  server.add(std::make_shared<Secretive>());  // EXPECT-ERROR specialize rmi::Exposed<YourClass>
  server.add(std::make_shared<Holder>());
}
