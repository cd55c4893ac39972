#pragma once
// A notebook that a client program exports from its own host (RMI.7): anyone who finds it may
// write a note in it, and read what is written.            See lectures/3-lookup.md#the-demos
// This header instantiates Boost archives; include it from .cpp files only.
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "stage2_rmi/rmi/exposed.hpp"

namespace demo {

class Notebook {
 public:
  // Returns how many notes there are now. Notes are short and few: callers are strangers.
  int write(const std::string& note) {
    if (note.size() > 1000) throw std::length_error("write: a note is at most 1000 characters");
    std::scoped_lock lock(mutex_);
    if (notes_.size() >= 1000) throw std::length_error("write: the notebook is full");
    notes_.push_back(note);
    return static_cast<int>(notes_.size());
  }
  std::vector<std::string> read() const {
    std::scoped_lock lock(mutex_);
    return notes_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> notes_;
};

}  // namespace demo

template <>
struct rmi::Exposed<demo::Notebook> {
  static void members(Members<demo::Notebook>& expose) {
    expose.method("write", &demo::Notebook::write).method("read", &demo::Notebook::read);
  }
};
