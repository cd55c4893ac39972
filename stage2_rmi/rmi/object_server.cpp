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

// Whatever happens inside the call becomes a tagged reply (RMI.2); only a frame that is not a
// call at all, or a call header that cannot be read, ends the connection.
void ObjectServer::handle(Request& request) {
  const MessageKind kind = request.frame.kind;
  if (kind != kObjectCall && kind != kOneWayCall && kind != MessageKind::Call) {
    throw ProtocolError("expected a call, got a " + to_string(kind) + " frame");
  }
  InArchive in(request.frame.payload);
  CallHeader call = read_call_header(in, kind);
  request.name(call.describe());
  request.reply.set_kind(kTaggedReply);
  request.send_reply = kind != kOneWayCall;
  // A one-way caller may hang up as soon as it has sent: only a caller who waits can be gone.
  if (request.send_reply) call.caller_gone = [&request] { return request.caller_gone(); };

  // The exception, if any, is noted on its way into the reply: for the trace, and, for a call
  // whose caller hears nothing back, for the log.
  std::string thrown, message;
  const CallContext context{request.peer};
  const CallContextScope in_this_call(context);
  tag_reply(
      [this, &call, &in, &thrown, &message](OutArchive& out) {
        try {
          check_run(call);
          objects_.dispatch(call, in, out);
        } catch (const std::exception& e) {
          thrown = current_exception_type();
          message = e.what();
          throw;
        } catch (...) {
          thrown = current_exception_type();
          throw;
        }
      },
      request.reply);
  request.outcome = thrown.empty() ? "value" : "exception " + thrown;
  if (!thrown.empty() && !request.send_reply) {
    server_.log_about(request.peer, "one-way call '" + call.describe() + "' from " +
                                        request.peer.to_string() + " failed: " + thrown + ": " +
                                        printable(message, 500));
  }
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
