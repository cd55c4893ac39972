#pragma once
// The dialect of our payloads. A Boost binary archive copies numbers as they sit in memory, so
// its bytes depend on the machine's byte order and integer widths, and on the version of the
// Boost archive code that wrote them. Two peers can read each other's payloads only if all of
// these agree; the frame header carries this number so that a mismatch is caught at the first
// frame, with a message that says what differs.              See lectures/1-rpc.md#framing
#include <cstdint>
#include <string>

namespace rmi {

// bits 8-15: Boost archive library version; bit 2: big-endian; bit 1: 64-bit long;
// bit 0: 64-bit size_t.
std::uint16_t local_payload_format();

// "Boost archive 18, little-endian, 64-bit long, 64-bit size_t"
std::string describe_payload_format(std::uint16_t format);

}  // namespace rmi
