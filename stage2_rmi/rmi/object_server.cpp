#include "stage2_rmi/rmi/object_server.hpp"

#include <limits>
#include <random>

#include "stage1_rpc/core/printable.hpp"
#include "stage2_rmi/rmi/call_context.hpp"
#include "stage2_rmi/rmi/call_header.hpp"
#include "stage2_rmi/rmi/errors.hpp"
#include "stage2_rmi/rmi/reply_tag.hpp"

namespace rmi {

namespace {

// A number that a restarted server will not draw again (not 0, which means "any run").
ServerRun draw_run() {
  std::random_device entropy;
  std::uniform_int_distribution<ServerRun> any(1, std::numeric_limits<ServerRun>::max());
  return any(entropy);
}

}  // namespace

ObjectServer::ObjectServer(ServerOptions options)
    : run_(draw_run()),
      functions_(std::make_shared<ExportedObject>()),
      server_(std::move(options), [this](Request& request) { handle(request); }) {
  functions_->interface_name = "functions";
  functions_->class_name = "functions";
  functions_->thread_safe = true;  // free functions guard their own state, as in stage 1
  objects_.add(kFunctions, functions_);
  bind_callable(functions_->methods, "rmi.inspect", [this] { return inspect(); });
}

void ObjectServer::start() {
  started_ = true;
  server_.start();
}

void ObjectServer::check_not_started(const std::string& name) const {
  if (started_) {
    throw Error("cannot bind '" + name + "' after start(): bind every function before serving");
  }
}

// While a request is served, current_call() says who sent it (call_context.hpp).
void ObjectServer::handle(Request& request) {
  const CallContext context{request.peer};
  const CallContextScope in_this_call(context);
  serve(request);
}

void ObjectServer::add_inspector(Inspector inspector) {
  std::scoped_lock lock(inspectors_mutex_);
  inspectors_.push_back(std::move(inspector));
}

std::vector<std::string> ObjectServer::inspect() const {
  std::vector<std::string> lines{"object server at " + advertised_endpoint().to_string() +
                                 " (listening on " + endpoint().to_string() + ")"};
  for (std::string& line : objects_.describe())
    lines.push_back(std::move(line));
  std::scoped_lock lock(inspectors_mutex_);
  for (const Inspector& inspector : inspectors_) {
    for (std::string& line : inspector())
      lines.push_back(std::move(line));
  }
  return lines;
}

RemoteRef ObjectServer::ref(ObjectId id) const {
  const std::shared_ptr<ExportedObject> object = objects_.find(id);
  if (!object) {
    throw NoSuchObject("cannot make a reference to object " + std::to_string(id) +
                       ": there is none here; objects: " + objects_.list_ids());
  }
  return RemoteRef{advertised_endpoint(), id, run_, object->interface_name,
                   object->interface_classes};
}

// A reference from an earlier run of this server names an object that no longer exists, even
// if an object of this run has the same ID.
void ObjectServer::check_run(const CallHeader& call) const {
  if (call.server_run == kAnyRun || call.server_run == run_) return;
  throw NoSuchObject("object " + std::to_string(call.object) +
                     " no longer exists: its server has restarted since the reference was made");
}

}  // namespace rmi
