#pragma once
// The name under which a method is exposed, found from its member pointer: a client that sees a
// class's header (and its rmi::Exposed) can call `proxy.call(&demo::Calculator::div, 2, 9)`, and
// the compiler checks the arguments against the method itself — no name or signature spelled
// by hand, so none spelled wrong. Exposed<T>::members() is run once per class with a Members<T>
// that only collects names.                                See lectures/2-rmi.md#proxies
// This header instantiates Boost archives; include it from .cpp files only.
#include <any>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rmi {

class MemberNames {
 public:
  template <class Member>
  void add(const std::string& name, Member member) {
    members_.emplace_back(name, std::any(member));
  }

  // The name `member` is exposed under, or nothing.
  template <class Member>
  std::optional<std::string> name_of(Member member) const {
    for (const auto& [name, exposed] : members_) {
      const Member* same_type = std::any_cast<Member>(&exposed);
      if (same_type != nullptr && *same_type == member) return name;
    }
    return std::nullopt;
  }

 private:
  std::vector<std::pair<std::string, std::any>> members_;
};

}  // namespace rmi
