#pragma once
// Homes for the exercise tests: two or more in one test process, each with its own home server
// on loopback, stand for the processes of a distributed program — one exports, another holds.
// (rmi::Remote<T> always uses the process's own Home::here(); the tests of RMI.8-RMI.10 call the
// exercises on Homes of their own, and the programs' tests use separate processes.)
// This header instantiates Boost archives; include it from .cpp files only.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "stage1_rpc/wire/codec.hpp"
#include "stage1_rpc/wire/frame.hpp"
#include "stage2_rmi/rmi/message_kinds.hpp"
#include "stage4_references/demo/store.hpp"
#include "stage4_references/refs/home.hpp"

namespace rmi::test {

// A Home on loopback with this lease, logging nowhere.
inline HomeOptions home_options(std::chrono::milliseconds lease = std::chrono::seconds(10)) {
  HomeOptions options;
  options.server.log = [](std::string_view) {};
  options.lease = lease;
  return options;
}

// The payload that `write` writes.
inline std::string written(const std::function<void(OutArchive&)>& write) {
  OutFrame frame(kTaggedReply);  // a reply, say: where references travel back
  {
    OutArchive out(frame);
    write(out);
  }
  return std::string(frame.payload().begin(), frame.payload().end());
}

// A reference as RMI.9 and RMI.10 write it: its tag, then the RemoteRef.
inline std::string reference_bytes(const RemoteRef& ref, std::uint8_t tag = kReferenceTag) {
  return written([&](OutArchive& out) { out << tag << ref; });
}

// The reference `bytes` carry, as `home` receives it; they must hold nothing after it.
inline Home::Received receive_bytes(Home& home, const std::string& bytes) {
  InArchive in(bytes);
  Home::Received received = home.receive(in);
  in.expect_end("a reference");
  return received;
}

// Exports `item` from `home` by reference as RMI.9 would, without RMI.9: by hand.
inline RemoteRef export_by_hand(Home& home, const std::shared_ptr<demo::Item>& item) {
  const ObjectId id = home.export_object<demo::Item>(item);
  const RemoteRef ref = home.server().ref(id);
  home.exports().add(id, item, ref.class_name);
  return ref;
}

}  // namespace rmi::test
