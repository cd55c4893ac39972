// Marshalling: values survive the trip, and hostile payloads are refused before they cost memory.
#include <gtest/gtest.h>

#include <boost/archive/binary_iarchive.hpp>
#include <boost/serialization/shared_ptr.hpp>
#include <cstring>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "stage1_rpc/core/error.hpp"
#include "stage1_rpc/wire/codec.hpp"
#include "stage1_rpc/wire/frame.hpp"
#include "stage1_rpc/wire/marshallable.hpp"
#include "stage1_rpc/wire/type_name.hpp"
#include "tests/support/allocation_probe.hpp"

using namespace rmi;

namespace geometry {
struct Point {
  int x = 0;
  int y = 0;
  std::string label;
  template <class Archive>
  void serialize(Archive& archive, unsigned) {
    archive& x& y& label;
  }
  friend bool operator==(const Point&, const Point&) = default;
};
}  // namespace geometry

namespace {

struct Tree {
  std::vector<Tree> children;
  template <class Archive>
  void serialize(Archive& archive, unsigned) {
    archive& children;
  }
};

Tree chain(int depth) {
  Tree root;
  Tree* at = &root;
  for (int i = 0; i < depth; ++i)
    at = &at->children.emplace_back();
  return root;
}

// A pointer member: Boost can write it, but we never read one from the network. (Its own type:
// a class written by pointer anywhere in a program is "tracked" by Boost everywhere, and the
// toolkit refuses tracked objects.)
struct Pointee {
  int x = 0;
  template <class Archive>
  void serialize(Archive& archive, unsigned) {
    archive& x;
  }
};
struct Holder {
  std::shared_ptr<Pointee> value;
  template <class Archive>
  void serialize(Archive& archive, unsigned) {
    archive& value;
  }
};

enum Plain { kRed, kGreen };
enum class Scoped { red, green };

struct NotSerializable {
  int x = 0;
};
struct NoDefaultConstructor {
  explicit NoDefaultConstructor(int) {}
  template <class Archive>
  void serialize(Archive&, unsigned) {}
};

template <class T>
std::string encode(const T& value) {
  OutFrame frame(MessageKind::Reply);
  {
    OutArchive out(frame);
    out << value;
  }
  const auto payload = frame.payload();
  return std::string(payload.begin(), payload.end());
}

template <class T>
T decode(const std::string& payload) {
  InArchive in(payload);
  T value{};
  in >> value;
  in.expect_end("test payload");
  return value;
}

template <class T>
std::string refusal(const std::string& payload) {
  try {
    decode<T>(payload);
  } catch (const ProtocolError& e) {
    return e.what();
  }
  return "(not refused)";
}

// A length or count field sits in the payload as 8 little-endian bytes.
std::string with_count(std::string payload, std::uint64_t old_value, std::uint64_t new_value) {
  std::string old_bytes(8, '\0'), new_bytes(8, '\0');
  std::memcpy(old_bytes.data(), &old_value, 8);
  std::memcpy(new_bytes.data(), &new_value, 8);
  payload.replace(payload.find(old_bytes), 8, new_bytes);
  return payload;
}

}  // namespace

TEST(Marshalling, ValuesOfManyKindsSurviveTheTrip) {
  EXPECT_EQ(decode<int>(encode(-42)), -42);
  EXPECT_EQ(decode<double>(encode(2.0 / 9.0)), 2.0 / 9.0);
  EXPECT_EQ(decode<std::string>(encode(std::string("héllo\0x", 8))), std::string("héllo\0x", 8));
  const std::vector<std::string> words{"a", "", "ccc"};
  EXPECT_EQ(decode<std::vector<std::string>>(encode(words)), words);
  const std::map<std::string, int> ages{{"ada", 36}, {"alan", 41}};
  EXPECT_EQ((decode<std::map<std::string, int>>(encode(ages))), ages);
  const geometry::Point p{3, 4, "corner"};
  EXPECT_EQ(decode<geometry::Point>(encode(p)), p);
}

TEST(Marshalling, LeftoverBytesAreAProtocolError) {
  const std::string payload = encode(7) + "junk";
  InArchive in(payload);
  int value = 0;
  in >> value;
  EXPECT_THROW(in.expect_end("test payload"), ProtocolError);
}

TEST(Marshalling, TruncatedPayloadIsAProtocolError) {
  const std::string whole = encode(std::string("a longer piece of text"));
  const std::string error = refusal<std::string>(whole.substr(0, whole.size() - 3));
  EXPECT_NE(error.find("payload"), std::string::npos) << error;
}

// The measurement on stock Boost: a 13-byte payload claiming a 2 GB string costs
// about 2 GB and 8 s. Ours refuses it at once.
TEST(Marshalling, StringLengthBombIsRefusedBeforeAllocating) {
  const std::string bomb = with_count(encode(std::string("hello")), 5, 2'000'000'000);
  ASSERT_EQ(bomb.size(), 13u);
  test::AllocationProbe probe;
  const std::string error = refusal<std::string>(bomb);
  EXPECT_NE(error.find("string of 2000000000 bytes"), std::string::npos) << error;
  EXPECT_LT(probe.largest(), 1u << 20);
}

TEST(Marshalling, CollectionCountBombIsRefusedBeforeAllocating) {
  // A real vector of three strings, its count rewritten to 10^8 and the payload cut to 35 bytes.
  const std::vector<std::string> three{"a", "b", "c"};
  const std::string bomb = with_count(encode(three), 3, 100'000'000).substr(0, 35);
  test::AllocationProbe probe;
  const std::string error = refusal<std::vector<std::string>>(bomb);
  EXPECT_NE(error.find("collection of 100000000 elements"), std::string::npos) << error;
  EXPECT_LT(probe.largest(), 1u << 20);
}

// Shows that the probe would catch the bomb: stock Boost allocates what the payload claims.
TEST(Marshalling, StockBoostArchiveAllocatesWhatABombClaims) {
  const std::string bomb = with_count(encode(std::string("hello")), 5, 64u << 20);
  std::istringstream stream(bomb);
  test::AllocationProbe probe;
  try {
    boost::archive::binary_iarchive stock(stream, boost::archive::no_header);
    std::string text;
    stock >> text;
  } catch (const std::exception&) {
    // it fails in the end, but only after the allocation
  }
  EXPECT_GE(probe.largest(), 64u << 20);
}

TEST(Marshalling, ClaimedElementsCostAtMostEightTimesThePayload) {
  // Legitimate: 100,000 empty strings are 800 KB on the wire and 3.2 MB in memory.
  const std::vector<std::string> empties(100'000);
  EXPECT_EQ(decode<std::vector<std::string>>(encode(empties)).size(), 100'000u);
  // A lie: 1 MiB of payload claiming a million strings (32 MB) gets no further than the claim.
  std::string bomb = encode(std::vector<std::string>{"x"});
  bomb = with_count(bomb, 1, 1u << 20) + std::string(1u << 20, '\0');
  test::AllocationProbe probe;
  const std::string error = refusal<std::vector<std::string>>(bomb);
  EXPECT_NE(error.find("more memory than 8 times its own size"), std::string::npos) << error;
  EXPECT_LT(probe.largest(), 9u << 20);
}

TEST(Marshalling, PointersAreNeverReadFromTheNetwork) {
  Holder holder;
  holder.value = std::make_shared<Pointee>();
  const std::string error = refusal<Holder>(encode(holder));
  EXPECT_NE(error.find("pointer"), std::string::npos) << error;
}

TEST(Marshalling, ABoolOrTrackingFlagMustBeZeroOrOne) {
  std::string flag = encode(true);
  flag[0] = 7;
  EXPECT_NE(refusal<bool>(flag).find("7 for a bool"), std::string::npos);
  std::string point = encode(geometry::Point{1, 2, "p"});
  point[0] = 7;  // a class's first byte says whether its objects are tracked
  EXPECT_NE(refusal<geometry::Point>(point).find("7 for a bool"), std::string::npos);
}

// With tracking, Boost reads a number before each object and skips an object whose number
// came before, leaving it default-built: a forged payload could plant empty arguments.
TEST(Marshalling, ObjectsMarkedAsTrackedAreRefused) {
  using Two = std::pair<geometry::Point, geometry::Point>;
  const Two two{{1, 2, "a"}, {3, 4, "b"}};
  std::string payload = encode(two);
  EXPECT_EQ(decode<Two>(payload), two);
  payload[0] = 1;  // the class's first byte: its objects are tracked
  EXPECT_NE(refusal<Two>(payload).find("tracked"), std::string::npos);
}

TEST(Marshalling, DeepNestingIsRefused) {
  EXPECT_NO_THROW(decode<Tree>(encode(chain(10))));
  const std::string error = refusal<Tree>(encode(chain(200)));
  EXPECT_NE(error.find("levels deep"), std::string::npos) << error;
}

TEST(TypeNames, AreReadableAndStable) {
  EXPECT_EQ(type_name<int>(), "int");
  EXPECT_EQ(type_name<const double&>(), "double");
  EXPECT_EQ(type_name<std::string>(), "std::string");
  EXPECT_EQ(type_name<std::vector<std::string>>(), "std::vector<std::string>");
  EXPECT_EQ((type_name<std::map<std::string, std::vector<int>>>()),
            "std::map<std::string, std::vector<int>>");
  EXPECT_EQ(type_name<geometry::Point>(), "geometry::Point");
  EXPECT_EQ(type_name<void>(), "void");
}

TEST(TypeNames, MarshallableSaysWhatCanTravel) {
  EXPECT_TRUE(Marshallable<int>);
  EXPECT_TRUE(Marshallable<std::string>);
  EXPECT_TRUE(Marshallable<const geometry::Point&>);
  EXPECT_TRUE((Marshallable<std::map<std::string, std::vector<geometry::Point>>>));
  EXPECT_FALSE(Marshallable<NotSerializable>);
  EXPECT_FALSE(Marshallable<std::vector<NotSerializable>>);
  EXPECT_FALSE(Marshallable<NoDefaultConstructor>);
  EXPECT_FALSE(Marshallable<int*>);
  EXPECT_FALSE(Marshallable<std::shared_ptr<int>>) << "pointers do not travel";
  EXPECT_TRUE(Marshallable<Scoped>);
  EXPECT_FALSE(Marshallable<Plain>) << "a plain enum's range is not every int";
}

TEST(TypeNames, TextTravelsAsStdString) {
  EXPECT_TRUE((std::is_same_v<WireType<decltype("literal")>, std::string>));
  EXPECT_TRUE((std::is_same_v<WireType<const char*>, std::string>));
  EXPECT_TRUE((std::is_same_v<WireType<std::string_view>, std::string>));
  EXPECT_TRUE((std::is_same_v<WireType<const int&>, int>));
}
