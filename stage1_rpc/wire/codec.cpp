#include "stage1_rpc/wire/codec.hpp"

// Boost keeps a registry of serializers per archive class; ours are instantiated once, here.
#include <boost/archive/impl/archive_serializer_map.ipp>
#include <cstring>

#include "stage1_rpc/core/error.hpp"

namespace rmi {

// Our archives always skip Boost's own header (the frame header says what it would).
constexpr unsigned kArchiveFlags = boost::archive::no_header;

OutArchive::OutArchive(OutFrame& frame)
    : basic_binary_oarchive<OutArchive>(kArchiveFlags), frame_(frame) {}

void OutArchive::save(const std::string& text) {
  const std::size_t length = text.size();
  save(length);
  save_binary(text.data(), length);
}

InArchive::InArchive(std::span<const char> payload)
    : Base(kArchiveFlags),
      next_(payload.data()),
      end_(payload.data() + payload.size()),
      claim_budget_(kClaimFactor * payload.size() + kClaimSlack) {}

void InArchive::expect_end(std::string_view what) const {
  if (remaining() != 0) {
    throw ProtocolError(std::string(what) + ": " + std::to_string(remaining()) +
                        " unexpected bytes after the last value");
  }
}

void InArchive::load_binary(void* into, std::size_t count) {
  if (count > remaining()) {
    throw ProtocolError("payload ended early: a value needs " + std::to_string(count) +
                        " more bytes, " + std::to_string(remaining()) + " are left");
  }
  std::memcpy(into, next_, count);
  next_ += count;
}

void InArchive::load(bool& value) {
  unsigned char byte = 0;
  load_binary(&byte, 1);
  if (byte > 1) throw ProtocolError("payload holds " + std::to_string(byte) + " for a bool");
  value = byte == 1;
}

void InArchive::load(std::string& text) {
  std::size_t length = 0;
  load(length);
  if (length > remaining()) {
    throw ProtocolError("payload claims a string of " + std::to_string(length) +
                        " bytes but only " + std::to_string(remaining()) + " bytes are left");
  }
  text.assign(next_, length);
  next_ += length;
}

void InArchive::load_override(boost::serialization::collection_size_type& count) {
  Base::load_override(count);
  // Every element takes at least one byte on the wire, so a count above the bytes left is a lie.
  if (std::size_t(count) > remaining()) refuse_count(count);
}

// Boost "tracks" an object when the writer says so: each object then carries a number, and an
// object whose number repeats an earlier one is not read at all but left as it was (for a
// ByValue, empty). Our writers never track (values travel by value), so a peer that says it
// does is refused rather than given a way to plant default-built arguments.
void InArchive::load_override(boost::archive::tracking_type& tracking) {
  bool tracked = false;
  load(tracked);  // checked: 0 or 1
  if (tracked) {
    throw ProtocolError("payload says its objects are tracked (sent once, then by number): "
                        "values travel by value here, each one whole");
  }
  tracking = boost::archive::tracking_type(false);
}

// Boost reads a class id only when it loads a pointer, and it trusts the ids it reads: a forged
// one makes it index past its tables. Values travel by value here, so a pointer is refused.
void InArchive::load_override(boost::archive::class_id_type&) {
  throw ProtocolError("payload holds a pointer: values travel by value, never as pointers");
}

std::size_t InArchive::peek_count(int index) const {
  std::size_t count = 0;
  const std::size_t offset = static_cast<std::size_t>(index) * sizeof count;
  if (remaining() >= offset + sizeof count) std::memcpy(&count, next_ + offset, sizeof count);
  return count;
}

void InArchive::claim(std::size_t count, std::size_t element_bytes) {
  if (count > remaining()) refuse_count(count);
  claimed_ += count * element_bytes;
  if (claimed_ > claim_budget_) {
    throw ProtocolError("payload claims " + std::to_string(count) + " elements of " +
                        std::to_string(element_bytes) + " bytes: more memory than " +
                        std::to_string(kClaimFactor) + " times its own size");
  }
}

void InArchive::refuse_count(std::size_t count) const {
  throw ProtocolError("payload claims a collection of " + std::to_string(count) +
                      " elements but only " + std::to_string(remaining()) + " bytes are left");
}

void InArchive::load_override(boost::archive::class_name_type& name) {
  std::string text;
  load(text);
  if (text.size() >= BOOST_SERIALIZATION_MAX_KEY_SIZE) {
    throw ProtocolError("payload names a class with a name of " + std::to_string(text.size()) +
                        " characters");
  }
  std::memcpy(name.t, text.c_str(), text.size() + 1);
}

void InArchive::refuse_nesting() const {
  throw ProtocolError("payload nests values more than " + std::to_string(kMaxNesting) +
                      " levels deep");
}

}  // namespace rmi

template class boost::archive::detail::archive_serializer_map<rmi::OutArchive>;
template class boost::archive::detail::archive_serializer_map<rmi::InArchive>;
