#pragma once
// The calls a server is running at this moment: who sent each one and, as soon as the request
// handler knows, what it is ("add int(int, int)"). When stop() has waited the whole grace period
// and calls are still running, this is how it can say in the log which ones it abandons.
//
// Shared between every connection thread (which add and name their calls) and stop() (which
// reads them), so it owns one mutex.                          See lectures/1-rpc.md#stopping
#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <vector>

#include "stage1_rpc/net/endpoint.hpp"

namespace rmi {

class RunningCalls {
  struct Call {
    std::string peer;
    std::string name;  // empty until the handler has named the call
    std::chrono::steady_clock::time_point started;
  };

 public:
  // One call, listed from construction to destruction (RAII): a call cannot forget to leave.
  class Entry {
   public:
    Entry(RunningCalls& calls, const Endpoint& peer);
    ~Entry();
    Entry(const Entry&) = delete;
    Entry& operator=(const Entry&) = delete;

    void name(std::string name);

   private:
    RunningCalls& calls_;
    std::list<Call>::iterator call_;
  };

  // "'add int(int, int)' from 127.0.0.1:41822, running for 5.2 s", one per call, oldest first.
  std::vector<std::string> describe() const;
  std::size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::list<Call> calls_;  // a list: an Entry keeps an iterator to its call
};

}  // namespace rmi
