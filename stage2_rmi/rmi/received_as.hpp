#pragma once
// What a caller receives for a method's result: the type the method returns, unless that type
// says otherwise. The typed calls (proxy.hpp) ask here, so that a type whose values do not travel
// as themselves — an object that stays where it is while the caller gets a stand-in for it —
// can name its stand-in by specializing this, without the proxy knowing about it.
namespace rmi {

template <class R>
struct ReceivedAs {
  using type = R;
};

}  // namespace rmi
