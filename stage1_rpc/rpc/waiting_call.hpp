#pragma once
// What a thread lets go of while it waits for a reply. A server thread that runs a method and,
// inside it, calls another process — a callback into its caller, a chain A → B → A — must not
// keep what it holds while it waits: the other process may need exactly that to answer, and both
// would wait until the call timed out. So whatever a thread holds that others may need (stage 2:
// an object's turn) says so here while held, and Connection lets go of it for the time of each
// call it makes, and takes it back before the call returns: no lock is held across a call to
// another process. (The price: while the method waits, another call may run on its object; a
// method must leave its object consistent before it calls out.)
//                                                          See lectures/1-rpc.md#the-client
#include <vector>

namespace rmi {

// Something a thread holds and can let go for a while.
class Releasable {
 public:
  virtual ~Releasable() = default;
  virtual void release() = 0;
  // Takes it back, waiting as long as its holder may; throws Timeout when that is too long.
  virtual void take_back() = 0;
};

// While it lives, `held` is let go whenever this thread waits for a reply.
class HeldWhileRunning {
 public:
  explicit HeldWhileRunning(Releasable& held);
  ~HeldWhileRunning();
  HeldWhileRunning(const HeldWhileRunning&) = delete;
  HeldWhileRunning& operator=(const HeldWhileRunning&) = delete;

 private:
  Releasable& held_;
};

// Lets go of everything this thread holds (newest first) for its lifetime. take_back() takes it
// all back (oldest first), and throws Timeout if one cannot be had in time; if it was not called
// — the call failed — the destructor takes back what it can, quietly: the call's own error is
// the one to report. What cannot be taken back stays let go (its holder knows: see stage 2's
// Turns).
class LetGoWhileWaiting {
 public:
  LetGoWhileWaiting();
  ~LetGoWhileWaiting();
  LetGoWhileWaiting(const LetGoWhileWaiting&) = delete;
  LetGoWhileWaiting& operator=(const LetGoWhileWaiting&) = delete;

  void take_back();

 private:
  std::vector<Releasable*> released_;
  bool taken_back_ = false;
};

}  // namespace rmi
