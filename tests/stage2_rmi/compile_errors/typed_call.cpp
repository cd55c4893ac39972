// Must NOT compile: a call through a member pointer with the wrong number of arguments, and one
// whose argument does not convert to the method's parameter. One readable error each.
#include "stage2_rmi/rmi/proxy.hpp"

struct Scale {
  double times(double factor) { return 2 * factor; }
};
template <>
struct rmi::Exposed<Scale> {
  static void members(Members<Scale>& expose) { expose.method("times", &Scale::times); }
};

void call_it(const rmi::Proxy& scale) {
  scale.call(&Scale::times, 1.0, 2.0);  // EXPECT-ERROR takes another number of arguments
  scale.call(&Scale::times, "two");     // EXPECT-ERROR RemoteMethod<double
}
