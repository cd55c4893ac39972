// A command-line tool for people (and scripts) to look into a lookup service: what Pyro's
// pyro5-nsc is to its name server.                         See lectures/3-lookup.md#the-tool
//
//   lookup_tool COMMAND [ARGUMENTS] [--lookup HOST:PORT] [--broadcast] [--token SECRET]
//     list [PREFIX]                   the names (at or under PREFIX) and what they stand for
//     lookup NAME                     the object registered as NAME
//     class CLASS [--all]             an instance of CLASS or of a subclass (--all: each one)
//     register NAME HOST:PORT ID CLASS[,BASE...] [--key KEY]
//                                     registers by hand, for one lease; prints the owner key
//     remove NAME [--key KEY]         with the owner's key, or the service's --token
//     ping                            whether the service answers, and what it holds
//     inspect HOST:PORT|NAME          what an object server exports (the one at HOST:PORT, or
//                                     the one of the object registered as NAME): rmi.inspect
//
// Plain text out, one line per name or object; the exit status says how it went, for scripts:
//   0 done   1 no such name or class, or none of it   2 wrong command line
//   3 no lookup service found or reachable            4 refused (taken, not yours, malformed)
//   5 the object server to inspect did not answer (the lookup service, if asked, did)
#include <charconv>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "stage1_rpc/core/printable.hpp"
#include "stage1_rpc/program/options.hpp"
#include "stage1_rpc/program/program.hpp"
#include "stage2_rmi/rmi/proxy.hpp"
#include "stage3_lookup/lookup/locate.hpp"
#include "stage3_lookup/lookup/lookup_client.hpp"
#include "stage3_lookup/lookup/lookup_errors.hpp"
#include "stage3_lookup/program/lookup_options.hpp"

namespace {

enum Status { kDone = 0, kNotFound = 1, kUsage = 2, kNoService = 3, kRefused = 4, kNoServer = 5 };

const char* kUsageText =
    "usage: lookup_tool COMMAND [ARGUMENTS] [--lookup HOST:PORT] [--broadcast] [--token SECRET]\n"
    "  list [PREFIX]                      names at or under PREFIX, and their objects\n"
    "  lookup NAME                        the object registered as NAME\n"
    "  class CLASS [--all]                an instance of CLASS or a subclass (--all: each)\n"
    "  register NAME HOST:PORT ID CLASS[,BASE...] [--key KEY]   by hand, for one lease\n"
    "  remove NAME [--key KEY]            with the owner's key, or the service's --token\n"
    "  ping                               whether the service answers\n"
    "  inspect HOST:PORT|NAME             what that object server (or NAME's) exports\n"
    "exit status: 0 done, 1 not found, 2 usage, 3 no lookup service, 4 refused,\n"
    "  5 the object server to inspect did not answer";

// "calculator_node1  demo::Calculator object 1 at 10.0.0.5:41000"
void print(const std::string& name, const rmi::RemoteRef& ref) {
  std::cout << (name.empty() ? "" : name + "  ") << ref.to_string() << "\n";
}

std::string random_key() {
  std::random_device entropy;
  std::ostringstream key;
  key << std::hex << entropy() << entropy() << entropy() << entropy();
  return key.str();
}

// A whole number, nothing before or after it: "-1" or "3abc" is a typo, not an object.
rmi::ObjectId object_id(const std::string& text) {
  rmi::ObjectId id = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, id);
  if (error != std::errc{} || stop != end || text.empty()) {
    throw rmi::Error("'" + rmi::printable(text) +
                     "' is not an object ID: give a number, such as 1");
  }
  return id;
}

rmi::RemoteRef reference(const std::vector<std::string>& words) {
  rmi::RemoteRef ref;
  ref.endpoint = rmi::parse_endpoint(words.at(2));
  ref.object = object_id(words.at(3));
  std::istringstream classes(words.at(4));
  for (std::string class_name; std::getline(classes, class_name, ',');)
    ref.classes.push_back(class_name);
  ref.class_name = ref.classes.empty() ? "" : ref.classes.front();
  return ref;
}

// What the command line asks for. Read in full before anything is sent: a typo is a usage
// error (status 2), whatever a service would have said.
struct Request {
  std::vector<std::string> words;  // the command and its arguments
  bool all = false;
  std::string key;
  rmi::LocateOptions where;
  bool help = false;
};

Request parse(int argc, char** argv) {
  Request request;
  // The command and its arguments come first; the options, which start with "--", after them.
  int first_option = 1;
  while (first_option < argc && std::string(argv[first_option]).rfind("--", 0) != 0)
    request.words.emplace_back(argv[first_option++]);
  std::vector<char*> options{argv[0]};
  options.insert(options.end(), argv + first_option, argv + argc);
  rmi::CommandLine args(static_cast<int>(options.size()), options.data(), kUsageText);
  const std::string command = request.words.empty() ? "" : request.words[0];
  if (command == "class") request.all = args.flag("--all");
  if (command == "register" || command == "remove") request.key = args.text("--key", "");
  request.where = rmi::locate_options(args);
  request.help = rmi::help_asked(args);
  if (request.help) return request;
  const std::size_t count = request.words.size();
  const bool fits =
      (command == "list" && (count == 1 || count == 2)) || (command == "ping" && count == 1) ||
      (command == "register" && count == 5) ||
      ((command == "lookup" || command == "class" || command == "remove" || command == "inspect") &&
       count == 2);
  if (!fits) {
    throw rmi::Error(command.empty() ? "no command given"
                                     : "'" + command + "' does not take these arguments");
  }
  if (command == "register") reference(request.words);  // a malformed reference is a usage error
  return request;
}

// "HOST:PORT" names a server; anything else is a name to look up.
std::optional<rmi::Endpoint> server_named(const std::string& word) {
  try {
    return rmi::parse_endpoint(word);
  } catch (const rmi::Error&) {
    return std::nullopt;
  }
}

// Says what went wrong, on stderr, and returns the status that tells a script which it was.
int failed(const std::exception& e, Status status) {
  std::cerr << "lookup_tool: " << e.what() << "\n";
  return status;
}

// Each line a server says about itself (lectures/2-rmi.md#inspection): object 0's rmi.inspect.
// A server that does not answer is not the lookup service's fault: a status of its own.
int inspect(const rmi::Endpoint& server) {
  const rmi::Proxy functions(rmi::RemoteRef{server, rmi::kFunctions, rmi::kAnyRun, {}, {}});
  std::vector<std::string> lines;
  try {
    lines = functions.call<std::vector<std::string>>("rmi.inspect");
  } catch (const rmi::ConnectionError& e) {
    return failed(e, kNoServer);
  } catch (const rmi::Timeout& e) {
    return failed(e, kNoServer);
  }
  for (const std::string& line : lines)
    std::cout << rmi::printable(line, 1000) << "\n";
  return kDone;
}

int run(const Request& request) {
  const std::vector<std::string>& words = request.words;
  const std::string& command = words[0];
  if (command == "inspect") {
    if (auto server = server_named(words[1])) return inspect(*server);
  }
  const rmi::LookupClient lookup(rmi::locate_lookup_service(request.where), request.where.client);
  if (command == "ping") {
    std::cout << lookup.ping() << " at " << lookup.service().to_string() << "\n";
  } else if (command == "list") {
    for (const auto& [name, ref] : lookup.list(words.size() > 1 ? words[1] : ""))
      print(name, ref);
  } else if (command == "inspect") {
    return inspect(lookup.lookup(words[1]).endpoint);
  } else if (command == "lookup") {
    print("", lookup.lookup(words[1]));
  } else if (command == "class") {
    std::vector<rmi::RemoteRef> found;
    if (request.all) {
      found = lookup.find_all(words[1]);
    } else if (auto one = lookup.find_class(words[1])) {
      found.push_back(std::move(*one));
    }
    if (found.empty()) {
      std::cout << "none\n";
      return kNotFound;
    }
    for (const rmi::RemoteRef& ref : found)
      print("", ref);
  } else if (command == "register") {
    const std::string owner = request.key.empty() ? random_key() : request.key;
    const auto lease = lookup.bind(words[1], reference(words), owner);
    std::cout << "registered " << words[1] << " for " << lease.count() << " ms; remove it with: "
              << "lookup_tool remove " << words[1] << " --key " << owner << "\n";
  } else {  // remove
    lookup.unbind(words[1], request.key.empty() ? request.where.client.token : request.key);
    std::cout << "removed " << words[1] << "\n";
  }
  return kDone;
}

}  // namespace

int main(int argc, char** argv) {
  rmi::ignore_broken_pipes();
  Request request;
  try {
    request = parse(argc, argv);
  } catch (const std::exception& e) {
    const std::string why = e.what();
    std::cerr << "lookup_tool: " << why << "\n";
    if (why.find("usage:") == std::string::npos) std::cerr << kUsageText << "\n";
    return kUsage;
  }
  if (request.help) return kDone;
  try {
    return run(request);
  } catch (const rmi::LookupServiceNotFound& e) {
    return failed(e, kNoService);
  } catch (const rmi::NotFound& e) {
    return failed(e, kNotFound);
  } catch (const rmi::ConnectionError& e) {
    return failed(e, kNoService);
  } catch (const rmi::Timeout& e) {
    return failed(e, kNoService);
  } catch (const std::exception& e) {
    return failed(e, kRefused);
  }
}
