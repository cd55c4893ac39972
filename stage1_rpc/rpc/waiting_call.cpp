#include "stage1_rpc/rpc/waiting_call.hpp"

#include <algorithm>

namespace rmi {

namespace {
// What this thread holds now, oldest first: one list per thread, since each is its own.
thread_local std::vector<Releasable*> held_by_this_thread;
}  // namespace

HeldWhileRunning::HeldWhileRunning(Releasable& held) : held_(held) {
  held_by_this_thread.push_back(&held);
}

HeldWhileRunning::~HeldWhileRunning() {
  const auto found = std::find(held_by_this_thread.begin(), held_by_this_thread.end(), &held_);
  if (found != held_by_this_thread.end()) held_by_this_thread.erase(found);
}

LetGoWhileWaiting::LetGoWhileWaiting() : released_(held_by_this_thread) {
  for (auto it = released_.rbegin(); it != released_.rend(); ++it)
    (*it)->release();
}

void LetGoWhileWaiting::take_back() {
  taken_back_ = true;
  for (Releasable* held : released_)
    held->take_back();
}

LetGoWhileWaiting::~LetGoWhileWaiting() {
  if (taken_back_) return;
  for (Releasable* held : released_) {
    try {
      held->take_back();
    } catch (...) {
      // it stays let go; the call is failing anyway, with its own error
    }
  }
}

}  // namespace rmi
