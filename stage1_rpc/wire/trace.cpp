#include "stage1_rpc/wire/trace.hpp"

#include <unistd.h>

#include <cstdlib>

#include "stage1_rpc/core/printable.hpp"

namespace rmi {

bool trace_requested() {
  const char* value = std::getenv("RMI_TRACE");
  return value != nullptr && *value != '\0' && std::string_view(value) != "0";
}

Tracer::Tracer(std::string side, bool enabled) : side_(std::move(side)), enabled_(enabled) {}

void Tracer::sent(MessageKind kind, std::size_t payload_bytes, std::string_view detail) const {
  if (!enabled_) return;
  line("-> " + to_string(kind) + " " + std::to_string(payload_bytes) + " B  " +
       std::string(detail));
}

void Tracer::received(MessageKind kind, std::size_t payload_bytes, std::string_view detail) const {
  if (!enabled_) return;
  line("<- " + to_string(kind) + " " + std::to_string(payload_bytes) + " B  " +
       std::string(detail));
}

void Tracer::note(std::string_view event) const {
  if (enabled_) line("-- " + std::string(event));
}

void Tracer::line(std::string_view text) const {
  std::string out = "[trace " + side_ + "] ";
  out += one_line(text);  // it may quote a peer's text
  out.push_back('\n');
  [[maybe_unused]] ssize_t ignored = ::write(STDERR_FILENO, out.data(), out.size());
}

}  // namespace rmi
