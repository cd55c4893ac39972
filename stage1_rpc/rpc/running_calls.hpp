#pragma once
// The calls a server is running at this moment: who sent each one and, as soon as the request
// handler knows, what it is ("add int(int, int)"). When stop() has waited the whole grace period
// and calls are still running, this is how it can say in the log which ones it abandons.
//
// Each connection has its line in the list for as long as it is served (an Entry), and each of
// its calls marks that line while it runs (a Call). So a call costs no memory of its own here,
// only two short locks: the lines are made once per connection, not once per call.
//
// Shared between every connection thread (which add and name their calls) and stop() (which
// reads them), so it owns one mutex.                          See lectures/1-rpc.md#stopping
#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "stage1_rpc/net/endpoint.hpp"

namespace rmi {

class RunningCalls {
  struct Line {
    Endpoint peer;
    bool running = false;
    std::string name;  // empty until the handler has named the call
    std::chrono::steady_clock::time_point started;
  };

 public:
  class Call;

  // One connection's line, listed from construction to destruction (RAII).
  class Entry {
   public:
    Entry(RunningCalls& calls, const Endpoint& peer);
    ~Entry();
    Entry(const Entry&) = delete;
    Entry& operator=(const Entry&) = delete;

   private:
    friend class RunningCalls::Call;
    RunningCalls& calls_;
    std::list<Line>::iterator line_;
  };

  // One call on an Entry's connection, running from construction to destruction (RAII): a call
  // cannot forget to leave.
  class Call {
   public:
    explicit Call(Entry& entry);
    ~Call();
    Call(const Call&) = delete;
    Call& operator=(const Call&) = delete;

    void name(std::string_view name);

   private:
    Entry& entry_;
  };

  // "'add int(int, int)' from 127.0.0.1:41822, running for 5.2 s", one per call, oldest first.
  std::vector<std::string> describe() const;
  std::size_t size() const;  // how many calls are running

 private:
  mutable std::mutex mutex_;
  std::list<Line> lines_;  // a list: an Entry keeps an iterator to its line
};

}  // namespace rmi
