#include "stage1_rpc/wire/codec.hpp"

// Our two archive classes are new instantiations of Boost's archive templates. Their non-inline
// parts live in these .ipp files and are compiled once, here.
#include <boost/archive/impl/archive_serializer_map.ipp>
#include <boost/archive/impl/basic_binary_iarchive.ipp>
#include <boost/archive/impl/basic_binary_iprimitive.ipp>
#include <boost/archive/impl/basic_binary_oarchive.ipp>
#include <boost/archive/impl/basic_binary_oprimitive.ipp>
#include <cstring>

#include "stage1_rpc/core/error.hpp"

namespace rmi {

// no_codecvt: bytes are bytes; skipping the locale setup makes each archive cheap to create.
constexpr unsigned kArchiveFlags = boost::archive::no_header | boost::archive::no_codecvt;

OutArchive::OutArchive(std::streambuf& sink)
    : binary_oarchive_impl<OutArchive, char, std::char_traits<char>>(sink, kArchiveFlags) {}

namespace detail {

PayloadReader::PayloadReader(std::span<const char> payload) {
  char* begin = const_cast<char*>(payload.data());  // streambuf's interface is not const
  setg(begin, begin, begin + payload.size());
}

std::streamsize PayloadReader::xsgetn(char* into, std::streamsize count) {
  if (static_cast<std::size_t>(count) > remaining()) {
    throw ProtocolError("payload ended early: a value needs " + std::to_string(count) +
                        " more bytes, " + std::to_string(remaining()) + " are left");
  }
  std::memcpy(into, gptr(), static_cast<std::size_t>(count));
  gbump(static_cast<int>(count));
  return count;
}

PayloadReader::int_type PayloadReader::underflow() { return traits_type::eof(); }

}  // namespace detail

InArchive::InArchive(std::span<const char> payload)
    : PayloadReader(payload), Base(static_cast<PayloadReader&>(*this), kArchiveFlags) {}

void InArchive::expect_end(std::string_view what) const {
  if (remaining() != 0) {
    throw ProtocolError(std::string(what) + ": " + std::to_string(remaining()) +
                        " unexpected bytes after the last value");
  }
}

void InArchive::load(std::string& text) {
  std::size_t length = 0;
  Base::load(length);
  if (length > remaining()) {
    throw ProtocolError("payload claims a string of " + std::to_string(length) +
                        " bytes but only " + std::to_string(remaining()) + " bytes are left");
  }
  text.resize(length);
  if (length > 0) load_binary(text.data(), length);
}

void InArchive::load_override(boost::serialization::collection_size_type& count) {
  Base::load_override(count);
  // Every element takes at least one byte on the wire, so a count above the bytes left is a lie.
  if (std::size_t(count) > remaining()) {
    throw ProtocolError("payload claims a collection of " + std::to_string(std::size_t(count)) +
                        " elements but only " + std::to_string(remaining()) + " bytes are left");
  }
}

void InArchive::refuse_nesting() const {
  throw ProtocolError("payload nests values more than " + std::to_string(kMaxNesting) +
                      " levels deep");
}

}  // namespace rmi

template class boost::archive::basic_binary_oprimitive<rmi::OutArchive, char, std::char_traits<char>>;
template class boost::archive::basic_binary_oarchive<rmi::OutArchive>;
template class boost::archive::binary_oarchive_impl<rmi::OutArchive, char, std::char_traits<char>>;
template class boost::archive::detail::archive_serializer_map<rmi::OutArchive>;
template class boost::archive::basic_binary_iprimitive<rmi::InArchive, char, std::char_traits<char>>;
template class boost::archive::basic_binary_iarchive<rmi::InArchive>;
template class boost::archive::binary_iarchive_impl<rmi::InArchive, char, std::char_traits<char>>;
template class boost::archive::detail::archive_serializer_map<rmi::InArchive>;
