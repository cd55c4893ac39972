#include "stage1_rpc/wire/payload_format.hpp"

#include <bit>
#include <boost/archive/basic_archive.hpp>
#include <cstddef>

namespace rmi {

std::uint16_t local_payload_format() {
  static const std::uint16_t format = [] {
    const unsigned archive_version = boost::archive::BOOST_ARCHIVE_VERSION();
    const bool big_endian = std::endian::native == std::endian::big;
    return static_cast<std::uint16_t>((archive_version & 0xff) << 8 | unsigned{big_endian} << 2 |
                                      unsigned{sizeof(long) == 8} << 1 |
                                      unsigned{sizeof(std::size_t) == 8});
  }();
  return format;
}

std::string describe_payload_format(std::uint16_t format) {
  return "Boost archive " + std::to_string(format >> 8) +
         ((format & 4) ? ", big-endian" : ", little-endian") +
         ((format & 2) ? ", 64-bit long" : ", 32-bit long") +
         ((format & 1) ? ", 64-bit size_t" : ", 32-bit size_t");
}

}  // namespace rmi
