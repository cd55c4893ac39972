#pragma once
// Marshalling: the two archives that turn values into payload bytes and back. They plug into
// Boost.Serialization as binary archives: Boost walks each value (calling serialize() of your
// types) and hands every number and string to the primitive functions below, which copy bytes
// into the frame being built, or out of the payload received.
//
// Bytes from the network are untrusted, so InArchive checks before it trusts: a string or a
// collection may not claim more bytes than the payload still holds, nor set aside more memory
// than kClaimFactor times the payload; values may not nest deeper than kMaxNesting; a bool must
// be 0 or 1; no pointer is ever read from the network, nor an object "tracked" as a copy of an
// earlier one (values travel by value, each one whole). A 13-byte
// payload that claims a 2 GB string is refused at once instead of costing 2 GB.
//                                                          See lectures/1-rpc.md#marshalling
//
// This is the only header of the toolkit that includes <boost/archive/...>. Including it costs
// about a second of compile time, so only the .cpp files that marshal values include it.
#include <boost/archive/basic_binary_iarchive.hpp>
#include <boost/archive/basic_binary_oarchive.hpp>
#include <boost/archive/detail/register_archive.hpp>
#include <boost/mpl/bool.hpp>
#include <boost/serialization/array_optimization.hpp>
#include <boost/serialization/array_wrapper.hpp>
#include <boost/serialization/collection_size_type.hpp>
#include <boost/serialization/is_bitwise_serializable.hpp>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

// The standard types a value may be built from, so user code never has to include these.
#include <boost/serialization/array.hpp>
#include <boost/serialization/deque.hpp>
#include <boost/serialization/list.hpp>
#include <boost/serialization/map.hpp>
#include <boost/serialization/set.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/unordered_map.hpp>
#include <boost/serialization/unordered_set.hpp>
#include <boost/serialization/utility.hpp>
#include <boost/serialization/vector.hpp>

#include "stage1_rpc/wire/frame.hpp"

namespace rmi {

inline constexpr int kMaxNesting = 64;
// Memory set aside for claimed elements before they arrive, at most: this many times the
// payload's size, plus kClaimSlack bytes so that small payloads are never pinched.
inline constexpr std::size_t kClaimFactor = 8;
inline constexpr std::size_t kClaimSlack = 64 * 1024;

namespace detail {
// Arrays of plain numbers (a std::vector<double>, say) are copied in one piece rather than
// element by element. Not bool: each bool read from the network must be checked.
struct CopyArraysWhole {
  template <class T>
  struct apply : boost::mpl::bool_<boost::serialization::is_bitwise_serializable<T>::value &&
                                   !std::is_same_v<T, bool>> {};
};
}  // namespace detail

class OutArchive : public boost::archive::basic_binary_oarchive<OutArchive> {
 public:
  // Appends to `frame`'s payload. No archive header: the frame header does that job.
  explicit OutArchive(OutFrame& frame);

  // The primitives Boost calls for every number and string.
  template <class T>
  void save(const T& value) {
    save_binary(&value, sizeof value);
  }
  void save(const std::string& text);
  void save_binary(const void* bytes, std::size_t count) { frame_.append(bytes, count); }

  using use_array_optimization = detail::CopyArraysWhole;
  template <class T>
  void save_array(const boost::serialization::array_wrapper<T>& array, unsigned) {
    save_binary(array.address(), array.count() * sizeof(T));
  }

 private:
  friend class boost::archive::detail::interface_oarchive<OutArchive>;
  friend class boost::archive::basic_binary_oarchive<OutArchive>;
  friend class boost::archive::save_access;
  OutFrame& frame_;
};

class InArchive : public boost::archive::basic_binary_iarchive<InArchive> {
  using Base = boost::archive::basic_binary_iarchive<InArchive>;

 public:
  // Reads `payload` where it lies: it must outlive the archive (hence no temporaries).
  explicit InArchive(std::span<const char> payload);
  explicit InArchive(std::string&&) = delete;
  explicit InArchive(std::vector<char>&&) = delete;

  std::size_t remaining() const { return static_cast<std::size_t>(end_ - next_); }
  // Throws ProtocolError if bytes are left over: a payload must hold exactly what was expected.
  void expect_end(std::string_view what) const;

  // The primitives Boost calls for every number and string, checked.
  template <class T>
  void load(T& value) {
    load_binary(&value, sizeof value);
  }
  void load(bool& value);
  void load(std::string& text);
  void load_binary(void* into, std::size_t count);

  using use_array_optimization = detail::CopyArraysWhole;
  template <class T>
  void load_array(boost::serialization::array_wrapper<T>& array, unsigned) {
    load_binary(array.address(), array.count() * sizeof(T));
  }

  // Boost calls these for every value it reads: here nesting and collection sizes are checked.
  template <class T>
  void load_override(T& value) {
    if (++nesting_ > kMaxNesting) refuse_nesting();
    Base::load_override(value);
    --nesting_;
  }
  void load_override(boost::serialization::collection_size_type& count);
  void load_override(boost::archive::tracking_type& tracking);
  void load_override(boost::archive::class_id_type& pointer_class);
  void load_override(boost::archive::class_name_type& name);

  // For collection_claims.hpp: the index-th size field ahead, without consuming it (0 if the
  // payload is too short: reading it will fail anyway); and charging a claim of `count`
  // elements of `element_bytes` each to this payload's budget.
  std::size_t peek_count(int index) const;
  void claim(std::size_t count, std::size_t element_bytes);

 private:
  friend class boost::archive::detail::interface_iarchive<InArchive>;
  friend class boost::archive::basic_binary_iarchive<InArchive>;
  friend class boost::archive::load_access;

  [[noreturn]] void refuse_nesting() const;
  [[noreturn]] void refuse_count(std::size_t count) const;
  const char* next_;
  const char* end_;
  int nesting_ = 0;
  std::size_t claimed_ = 0;
  std::size_t claim_budget_;
};

}  // namespace rmi

#include "stage1_rpc/wire/collection_claims.hpp"

BOOST_SERIALIZATION_REGISTER_ARCHIVE(rmi::OutArchive)
BOOST_SERIALIZATION_REGISTER_ARCHIVE(rmi::InArchive)
BOOST_SERIALIZATION_USE_ARRAY_OPTIMIZATION(rmi::OutArchive)
BOOST_SERIALIZATION_USE_ARRAY_OPTIMIZATION(rmi::InArchive)
