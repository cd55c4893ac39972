#pragma once
// Marshalling: the two archives that turn values into payload bytes and back. They are
// Boost.Serialization's binary archives with one difference on the receiving side: bytes from
// the network are untrusted, so before InArchive sets memory aside for a string or a collection
// it checks that the payload still holds at least that many bytes, and it refuses values nested
// deeper than kMaxNesting. A 13-byte payload that claims a 2 GB string is refused at once
// instead of costing 2 GB.                               See lectures/1-rpc.md#marshalling
//
// This is the only header that includes <boost/archive/...>. Including it costs about a
// second of compile time, so only the .cpp files that marshal values include it.
#include <boost/archive/binary_iarchive_impl.hpp>
#include <boost/archive/binary_oarchive_impl.hpp>
#include <boost/archive/detail/register_archive.hpp>
#include <boost/serialization/collection_size_type.hpp>
#include <cstddef>
#include <span>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

// The standard types a value may be built from, so user code never has to include these.
#include <boost/serialization/array.hpp>
#include <boost/serialization/deque.hpp>
#include <boost/serialization/list.hpp>
#include <boost/serialization/map.hpp>
#include <boost/serialization/set.hpp>
#include <boost/serialization/shared_ptr.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/unique_ptr.hpp>
#include <boost/serialization/unordered_map.hpp>
#include <boost/serialization/unordered_set.hpp>
#include <boost/serialization/utility.hpp>
#include <boost/serialization/vector.hpp>

namespace rmi {

inline constexpr int kMaxNesting = 64;

class OutArchive
    : public boost::archive::binary_oarchive_impl<OutArchive, char, std::char_traits<char>> {
 public:
  // Appends to `sink`, usually an OutFrame. No archive header: the frame header does its job.
  explicit OutArchive(std::streambuf& sink);
};

namespace detail {

// Reads a payload where it lies. Running out of bytes is a ProtocolError.
class PayloadReader : public std::streambuf {
 public:
  explicit PayloadReader(std::span<const char> payload);
  std::size_t remaining() const { return static_cast<std::size_t>(egptr() - gptr()); }

 protected:
  std::streamsize xsgetn(char* into, std::streamsize count) override;
  int_type underflow() override;
};

}  // namespace detail

// PayloadReader is a base (listed first) rather than a member so that it exists before the
// Boost base class, which needs a streambuf in its constructor.
class InArchive
    : private detail::PayloadReader,
      public boost::archive::binary_iarchive_impl<InArchive, char, std::char_traits<char>> {
  using Base = boost::archive::binary_iarchive_impl<InArchive, char, std::char_traits<char>>;

 public:
  // Reads `payload` where it lies: it must outlive the archive (hence no temporaries).
  explicit InArchive(std::span<const char> payload);
  explicit InArchive(std::string&&) = delete;
  explicit InArchive(std::vector<char>&&) = delete;

  std::size_t remaining() const { return PayloadReader::remaining(); }
  // Throws ProtocolError if bytes are left over: a payload must hold exactly what was expected.
  void expect_end(std::string_view what) const;

  // Boost calls these (through the friends below) for every value it reads.
  using Base::load;
  void load(std::string& text);
  template <class T>
  void load_override(T& value) {
    if (++nesting_ > kMaxNesting) refuse_nesting();
    Base::load_override(value);
    --nesting_;
  }
  void load_override(boost::serialization::collection_size_type& count);

 private:
  friend class boost::archive::detail::interface_iarchive<InArchive>;
  friend class boost::archive::basic_binary_iarchive<InArchive>;
  friend class boost::archive::basic_binary_iprimitive<InArchive, char, std::char_traits<char>>;
  friend class boost::archive::load_access;

  [[noreturn]] void refuse_nesting() const;
  int nesting_ = 0;
};

}  // namespace rmi

BOOST_SERIALIZATION_REGISTER_ARCHIVE(rmi::OutArchive)
BOOST_SERIALIZATION_REGISTER_ARCHIVE(rmi::InArchive)
