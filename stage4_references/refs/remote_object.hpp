#pragma once
// The lecture's tag class. An object of a class derived from RemoteObject does not travel by
// value: returned by a method, or passed as an argument, it stays where it is, and a reference to
// it travels instead (RMI.9); the other side gets a proxy for it (RMI.8). Everything else still
// travels by value.                                          See lectures/4-references.md#the-tag
//
//   class Listener : public rmi::RemoteObject {         // passed by reference
//    public:
//     void hear(const std::string& from, const std::string& text);
//   };
//
// A class derived from it is exposed as any other (rmi::Exposed), so that its methods can be
// called through the references.
namespace rmi {

class RemoteObject {
 public:
  virtual ~RemoteObject() = default;

 protected:
  RemoteObject() = default;
  RemoteObject(const RemoteObject&) = default;
  RemoteObject& operator=(const RemoteObject&) = default;
};

}  // namespace rmi
