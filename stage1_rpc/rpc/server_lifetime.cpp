// Starting and stopping a Server: what server.hpp promises about stopping, and how it keeps
// that promise when a call never returns or stops its own server. See lectures/1-rpc.md#stopping
#include <string>

#include "stage1_rpc/rpc/server.hpp"

namespace rmi {

Server::~Server() {
  stop();
  // The members' destructors now join the threads of any calls stop() abandoned (server.hpp).
}

void Server::start() {
  if (acceptor_.joinable()) return;
  std::promise<void> ended;
  accept_loop_ended_ = ended.get_future();
  acceptor_ = std::jthread([this, ended = std::move(ended)]() mutable {
    accept_thread_ = std::this_thread::get_id();  // before any call: they run after accepting
    accept_loop();
    ended.set_value();
  });
}

void Server::request_stop() {
  if (!stop_source_.request_stop()) return;  // requested before
  stopping_ = true;
  listener_.interrupt();     // the accept loop ends
  connections_.close_all();  // each connection ends after the call it is serving
}

StopReport Server::stop() {
  request_stop();
  if (on_own_thread()) return {};  // it would wait for itself: the owner finishes the stop
  std::scoped_lock lock(stop_mutex_);
  if (!stopped_) {
    stop_report_ = wait_for_calls();
    stopped_ = true;
    peer_log_.flush();
  }
  return stop_report_;
}

bool Server::on_own_thread() {
  return std::this_thread::get_id() == accept_thread_.load() || connections_.runs_on_this_thread();
}

// Waits up to stop_grace for the accept thread (in the lecture's loop it may be serving a call)
// and for every connection; whatever still runs then is abandoned, and said so in the log.
StopReport Server::wait_for_calls() {
  const auto deadline = std::chrono::steady_clock::now() + options_.stop_grace;
  bool accept_loop_ended = true;
  if (acceptor_.joinable()) {
    accept_loop_ended = accept_loop_ended_.wait_until(deadline) == std::future_status::ready;
    if (accept_loop_ended) acceptor_.join();
  }
  // Still in use by a call of the lecture's loop otherwise: closing it now could close a
  // descriptor that number's next owner uses.
  if (accept_loop_ended) {
    {
      std::scoped_lock door(door_mutex_);  // waits for the threads answering knocks
      door_closed_ = true;
    }
    listener_.close();
  }
  const std::size_t connections_left = connections_.finish(deadline);

  StopReport report{running_calls_.describe()};
  if (connections_left > report.abandoned.size()) {  // stuck outside a call: in a validator
    report.abandoned.push_back(std::to_string(connections_left - report.abandoned.size()) +
                               " connection(s) not in a call");
  }
  if (!report.clean()) {
    std::string which;
    for (std::size_t i = 0; i < report.abandoned.size() && i < 10; ++i)
      which += (i == 0 ? "" : "; ") + report.abandoned[i];
    if (report.abandoned.size() > 10) {
      which += "; and " + std::to_string(report.abandoned.size() - 10) + " more";
    }
    options_.log("stopped after waiting " + std::to_string(options_.stop_grace.count()) +
                 " ms; abandoned " + std::to_string(report.abandoned.size()) + " call" +
                 (report.abandoned.size() == 1 ? "" : "s") + " still running: " + which);
  }
  return report;
}

}  // namespace rmi
