#pragma once
// The classes the stage 2 tests export: the lecture's A, B and C, and a few with one job each.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

namespace rmi::test {

// The lecture's classes: B overrides f, C overrides g; each object counts its own calls.
class A {
 public:
  virtual ~A() = default;
  virtual std::string f() {
    ++count;
    return "x";
  }
  virtual int g(const std::string& x) {
    ++count;
    return 42;
  }
  int calls() const { return count; }

  int count = 0;
  std::string label;
  const std::string kind = "letter";
};

class B : public A {
 public:
  std::string f() override {
    ++count;
    return "y";
  }
};

class C : public A {
 public:
  int g(const std::string& x) override {
    ++count;
    return 24;
  }
};

// Adds without any protection of its own: only the server's per-object turn-taking keeps the
// total right when many clients add at once.
class Counter {
 public:
  void add(int amount) {
    const long before = total_;
    std::this_thread::yield();  // invites another thread in, if the server let one
    total_ = before + amount;
  }
  long total() const { return total_; }

 private:
  long total_ = 0;
};

// Something the caller may recognise, returned as a plain value.
struct Failure {
  std::string type;
  std::string message;
  template <class Archive>
  void serialize(Archive& archive, unsigned) {
    archive& type& message;
  }
};

// Throws what it is asked to, and does slow and silent work.
class Trouble {
 public:
  void raise(const std::string& type, const std::string& message);  // the nine std types, or other
  int throw_int() { throw 42; }
  int raise_long(int bytes) { throw std::runtime_error(std::string(bytes, 'x')); }
  Failure failure_as_value() { return {"std::out_of_range", "returned, not thrown"}; }
  std::uint8_t one() { return 1; }  // the same byte as the exception tag, as a value
  int sleep_ms(int ms) {
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    return ms;
  }
  // Exported thread_safe (so a slow call does not hold up the others): guards its own state.
  void note(const std::string& text) {
    std::scoped_lock lock(mutex_);
    last_note_ = text;
  }
  void fail_quietly() { throw std::runtime_error("a one-way call failed"); }
  std::string last() const {
    std::scoped_lock lock(mutex_);
    return last_note_;
  }

 private:
  mutable std::mutex mutex_;
  std::string last_note_;
};

// An object that does not guard its state (so its calls take turns), with a method that holds
// it until the test opens the gate: a call that "never returns", for as long as a test needs.
class Gate {
 public:
  int hold() {
    ++runs_;
    std::unique_lock lock(mutex_);
    opened_.wait_for(lock, std::chrono::seconds(10), [this] { return open_; });
    return runs_;
  }
  int runs() const { return runs_; }
  // Called by the test itself, not remotely.
  void open() {
    {
      std::scoped_lock lock(mutex_);
      open_ = true;
    }
    opened_.notify_all();
  }

 private:
  std::atomic<int> runs_{0};
  std::mutex mutex_;
  std::condition_variable opened_;
  bool open_ = false;
};

// Pyro's mobile code: a task the client hands over, run by the server.
struct Task {
  virtual ~Task() = default;
  virtual int run(int a, int b) const = 0;
};
struct Plus : Task {
  int run(int a, int b) const override { return a + b; }
  template <class Archive>
  void serialize(Archive&, unsigned) {}
};
struct Scaled : Task {
  int factor = 1;
  int run(int a, int b) const override { return factor * (a + b); }
  template <class Archive>
  void serialize(Archive& archive, unsigned) {
    archive& factor;
  }
};

}  // namespace rmi::test
