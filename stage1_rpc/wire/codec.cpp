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
    : Base(kArchiveFlags), next_(payload.data()), end_(payload.data() + payload.size()) {}

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
  if (std::size_t(count) > remaining()) {
    throw ProtocolError("payload claims a collection of " + std::to_string(std::size_t(count)) +
                        " elements but only " + std::to_string(remaining()) + " bytes are left");
  }
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
