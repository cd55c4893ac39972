// Stage 4 demo, callbacks: joins demo.chat as NAME with a Listener of its own, exported from
// this host, says each line of its standard input (or each --say), and prints what it hears.
//                                                    See lectures/4-references.md#the-demos
//   chat_client --as NAME [--say TEXT] [--stay] [--host 127.0.0.1] [--advertise HOST]
//               [--lease MS] [--name demo.chat] [--lookup HOST:PORT] [--broadcast]
//               [--token SECRET]
//
// With --say it says TEXT and waits until it hears it back (the room tells the speaker last: then
// everyone has it). With --stay it then prints "READY host:port" (where its listener is) and
// listens until Ctrl-C; without, it leaves. With neither it prints READY and says each line it
// reads, until its input ends.
// --host is the interface its listener is served on: the room must reach it there.
#include <condition_variable>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>

#include "stage1_rpc/core/printable.hpp"
#include "stage1_rpc/program/options.hpp"
#include "stage1_rpc/program/program.hpp"
#include "stage1_rpc/program/server_program.hpp"
#include "stage3_lookup/lookup/locate.hpp"
#include "stage3_lookup/lookup/lookup_client.hpp"
#include "stage3_lookup/program/lookup_options.hpp"
#include "stage4_references/demo/chat.hpp"
#include "stage4_references/program/home_options.hpp"

namespace {

// Prints what it hears, and lets main wait until it hears a message of its own.
class PrintingListener : public demo::Listener {
 public:
  explicit PrintingListener(std::string me) : me_(std::move(me)) {}

  void hear(const std::string& from, const std::string& text) override {
    std::cout << "[" << me_ << " hears] " << rmi::one_line(from) << ": " << rmi::one_line(text)
              << std::endl;
    std::scoped_lock lock(mutex_);
    if (from == me_ && text == waiting_for_) heard_own_ = true;
    heard_.notify_all();
  }

  // Says `text` in `room` and waits until it comes back, or `patience` passes.
  bool say_and_hear(const rmi::Proxy& room, const std::string& text,
                    std::chrono::milliseconds patience) {
    {
      std::scoped_lock lock(mutex_);
      waiting_for_ = text;
      heard_own_ = false;
    }
    room.call(&demo::Room::say, me_, text);
    std::unique_lock lock(mutex_);
    return heard_.wait_for(lock, patience, [this] { return heard_own_; });
  }

 private:
  const std::string me_;
  std::mutex mutex_;
  std::condition_variable heard_;
  std::string waiting_for_;  // guarded by mutex_
  bool heard_own_ = false;   // guarded by mutex_
};

}  // namespace

int main(int argc, char** argv) try {
  rmi::ServerProgram program("chat_client");  // a server too: its listener is called back
  rmi::CommandLine args(argc, argv,
                        "usage: chat_client --as NAME [--say TEXT] [--stay] [--host HOST] "
                        "[--advertise HOST] [--name ROOM] " +
                            std::string(rmi::home_usage()) + " " +
                            std::string(rmi::locate_usage()));
  const std::string me = args.text("--as", "");
  const std::string say = args.text("--say", "");
  const bool stay = args.flag("--stay");
  const std::string name = args.text("--name", "demo.chat");
  const rmi::ServerOptions options = rmi::exporter_options(args, "chat_client");
  rmi::Home::configure(rmi::home_options(args, options));
  const rmi::LocateOptions where = rmi::locate_options(args);
  if (rmi::help_asked(args)) return EXIT_SUCCESS;
  if (me.empty()) throw rmi::Error("chat_client: say who you are with --as NAME");

  const rmi::LookupClient lookup(rmi::locate_lookup_service(where), where.client);
  const rmi::Proxy room(lookup.lookup(name));
  const auto listener = std::make_shared<PrintingListener>(me);
  const std::vector<std::string> present = room.call(&demo::Room::join, me, listener);
  // On stderr: a listener's stdout starts with READY, for scripts.
  std::cerr << me << " joined " << name << " with";
  for (const std::string& who : present)
    std::cerr << " " << rmi::one_line(who);
  std::cerr << std::endl;

  int status = EXIT_SUCCESS;
  if (!say.empty() && !listener->say_and_hear(room, say, std::chrono::seconds(10))) {
    std::cerr << "chat_client: my message did not come back" << std::endl;
    status = EXIT_FAILURE;
  }
  if (stay) {
    status = program.serve(rmi::Home::here().server());  // READY host:port, until Ctrl-C
  } else if (say.empty()) {
    std::cout << "READY " << rmi::Home::here().server().endpoint().to_string() << std::endl;
    for (std::string line; std::getline(std::cin, line);)
      if (!line.empty()) listener->say_and_hear(room, line, std::chrono::seconds(10));
  }
  room.call(&demo::Room::leave, me);
  return status;
} catch (const std::exception& e) {
  return rmi::report_failure("chat_client", e);
}
