#include "tests/support/watchdog.hpp"

#include <dirent.h>
#include <execinfo.h>
#include <signal.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define RMI_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define RMI_SANITIZED 1
#endif
#endif
#ifdef RMI_SANITIZED
#include <sanitizer/common_interface_defs.h>
#endif

namespace rmi::test {

namespace {

// What each thread's signal handler records: its own stack. A signal handler reaches nothing but
// globals, hence these; only the watchdog writes them, before it signals, and each handler its
// own slot.
constexpr std::size_t kMaxThreads = 1024;
constexpr int kMaxFrames = 64;
struct Stack {
  std::atomic<pid_t> thread{0};
  std::atomic<bool> recorded{false};
  std::array<void*, kMaxFrames> frames{};
  int depth = 0;
  void* interrupted = nullptr;  // where the signal found the thread, exactly
};
std::array<Stack, kMaxThreads> stacks;
std::atomic<std::size_t> threads{0};

// The instruction the signal interrupted, from the registers it saved: the unwinder, walking out
// of the signal handler, at times skips that frame (a thread in an endless loop, whose loop it
// is) and starts at its caller.
void* interrupted_at(void* context) {
  [[maybe_unused]] const auto* registers = static_cast<const ucontext_t*>(context);
#if defined(__x86_64__)
  return reinterpret_cast<void*>(registers->uc_mcontext.gregs[REG_RIP]);
#elif defined(__aarch64__)
  return reinterpret_cast<void*>(registers->uc_mcontext.pc);
#else
  return nullptr;
#endif
}

void record_stack(int, siginfo_t*, void* context) {
  const auto self = static_cast<pid_t>(::syscall(SYS_gettid));
  for (std::size_t i = 0; i < threads; ++i) {
    if (stacks[i].thread == self) {
      stacks[i].interrupted = interrupted_at(context);
      stacks[i].depth = ::backtrace(stacks[i].frames.data(), kMaxFrames);
      stacks[i].recorded = true;
      return;
    }
  }
}

// This process's threads, the main one first.
std::vector<pid_t> threads_of_this_process() {
  std::vector<pid_t> found{::getpid()};
  DIR* tasks = ::opendir("/proc/self/task");
  if (tasks == nullptr) return found;
  while (const dirent* entry = ::readdir(tasks)) {
    const pid_t thread = std::atoi(entry->d_name);
    if (thread > 0 && thread != ::getpid()) found.push_back(thread);
  }
  ::closedir(tasks);
  return found;
}

// "0x55d0c3 in rmi::FunctionTable::find(...) /work/stage1_rpc/exercises/rmi1c_function_table.cpp:
// 21:5", as a sanitizer writes a frame. Without a sanitizer, only what the dynamic symbol table
// knows, which names no source file: a build without sanitizers shows no frames.
std::string symbolized(void* pc) {
#ifdef RMI_SANITIZED
  std::array<char, 1024> text{};
  __sanitizer_symbolize_pc(pc, "%p %F %L", text.data(), text.size());
  return text.data();
#else
  char** names = ::backtrace_symbols(&pc, 1);
  std::string text = names != nullptr ? names[0] : "?";
  std::free(names);
  return text;
#endif
}

std::string describe_frame(void* address, bool is_return_address = true) {
  // A return address is the instruction after the call; the call's line is the one before it.
  char* pc = static_cast<char*>(address) - (is_return_address ? 1 : 0);
  std::string text = symbolized(pc);
  // A file and no line: an instruction a sanitizer added, as a thread in an endless loop is often
  // found in one. The nearest instruction before it in the same file, a few bytes back, has it.
  if (text.ends_with(".cpp") || text.ends_with(".hpp")) {
    const std::string file = text.substr(text.rfind(' ') + 1) + ":";
    for (int back = 1; back <= 32; ++back) {
      const std::string before = symbolized(pc - back);
      if (const std::size_t at = before.find(file); at != std::string::npos) {
        return text + before.substr(at + file.size() - 1);
      }
    }
  }
  return text;
}

// A frame in a source file of the toolkit's own, not the standard library's, gtest's, or this
// file's. (A frame with no source file names only its program, whose path may look like ours; an
// instruction a sanitizer added may have a file but no line.)
bool ours(std::string_view frame) {
  if (frame.find("tests/support/watchdog.cpp") != std::string_view::npos) return false;
  if (frame.find(".cpp") == std::string_view::npos &&
      frame.find(".hpp") == std::string_view::npos) {
    return false;
  }
  for (const std::string_view root : {"/stage", "/solutions/", "/tests/"})
    if (frame.find(root) != std::string_view::npos) return true;
  return false;
}

}  // namespace

Watchdog::Watchdog(std::chrono::seconds limit)
    : limit_(limit), watcher_([this](std::stop_token stop) { watch(stop); }) {
  void* warm_up[1];
  ::backtrace(warm_up, 1);  // loads the unwinder now, not first inside a signal handler
}

std::optional<std::chrono::seconds> Watchdog::limit_from_environment() {
  const char* text = std::getenv("RMI_TEST_SECONDS");
  if (text == nullptr || std::atoi(text) <= 0) return std::nullopt;
  return std::chrono::seconds(std::atoi(text));
}

void Watchdog::OnTestStart(const testing::TestInfo& test) {
  std::scoped_lock lock(mutex_);
  test_ = std::string(test.test_suite_name()) + " " + test.name();
  due_ = std::chrono::steady_clock::now() + limit_;
  changed_.notify_all();
}

void Watchdog::OnTestEnd(const testing::TestInfo&) {
  std::scoped_lock lock(mutex_);
  due_.reset();
  changed_.notify_all();
}

void Watchdog::watch(std::stop_token stop) {
  std::unique_lock lock(mutex_);
  while (!stop.stop_requested()) {
    if (!due_) {
      changed_.wait(lock, stop, [this] { return due_.has_value(); });
      continue;
    }
    const auto due = *due_;
    if (changed_.wait_until(lock, stop, due, [&] { return due_ != due; })) continue;
    if (stop.stop_requested()) return;
    report_and_end(test_);
  }
}

// Every other thread records its stack in a signal handler, all at once; the ones that answer
// within two seconds are shown. (Under ThreadSanitizer a thread in an endless loop may not: it
// takes signals only where the sanitizer looks in.)
void Watchdog::report_and_end(const std::string& test) {
  // The grader's line first; and an end in any case, should a thread be stopped holding a lock
  // that recording or describing a stack needs (SIGALRM ends the program).
  std::printf("GRADE-HUNG %s %lld\n", test.c_str(), static_cast<long long>(limit_.count()));
  std::fflush(stdout);
  ::alarm(10);
  const std::vector<pid_t> all = threads_of_this_process();
  const auto self = static_cast<pid_t>(::syscall(SYS_gettid));
  std::size_t count = 0;
  for (const pid_t thread : all) {
    if (thread == self || count == kMaxThreads) continue;
    stacks[count++].thread = thread;
  }
  threads = count;
  struct sigaction action {};
  action.sa_sigaction = record_stack;
  action.sa_flags = SA_RESTART | SA_SIGINFO;
  const int signal = SIGRTMIN + 3;
  ::sigaction(signal, &action, nullptr);
  for (std::size_t i = 0; i < count; ++i)
    ::syscall(SYS_tgkill, ::getpid(), stacks[i].thread.load(), signal);
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  for (std::size_t i = 0; i < count; ++i) {
    while (!stacks[i].recorded && std::chrono::steady_clock::now() < give_up)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }

  std::fprintf(stderr, "\nWATCHDOG: %s has run for %lld s: where its threads are\n", test.c_str(),
               static_cast<long long>(limit_.count()));
  std::size_t silent = 0;
  for (std::size_t i = 0; i < count; ++i) {
    if (!stacks[i].recorded) {
      ++silent;
      continue;
    }
    std::vector<std::string> frames;
    const Stack& stack = stacks[i];
    if (stack.interrupted != nullptr) {
      std::string text = describe_frame(stack.interrupted, /*is_return_address=*/false);
      if (ours(text)) frames.push_back(std::move(text));
    }
    for (int frame = 0; frame < stack.depth && frames.size() < 8; ++frame) {
      if (stack.frames[frame] == stack.interrupted) continue;  // shown already
      std::string text = describe_frame(stack.frames[frame]);
      if (ours(text)) frames.push_back(std::move(text));
    }
    if (frames.empty()) continue;  // a thread of gtest's, or waiting in the standard library
    std::fprintf(stderr, "  thread %d%s:\n", static_cast<int>(stacks[i].thread.load()),
                 stacks[i].thread == ::getpid() ? " (the test's)" : "");
    for (std::size_t frame = 0; frame < frames.size(); ++frame)
      std::fprintf(stderr, "    #%zu %s\n", frame, frames[frame].c_str());
  }
  if (silent > 0) std::fprintf(stderr, "  (%zu threads did not answer)\n", silent);
  std::fflush(stderr);
  std::_Exit(124);
}

}  // namespace rmi::test
