// Exercise RMI.1a: the client describes a call by its signature and packs its arguments.
// These tests call signature_of and pack_arguments directly and read the bytes back with the
// framework's InArchive, so they depend on nothing else you write.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "stage1_rpc/exercises/rmi1a_pack_call.hpp"
#include "stage1_rpc/wire/frame.hpp"

using namespace rmi;

namespace shapes {
struct Point {
  int x = 0;
  int y = 0;
  template <class Archive>
  void serialize(Archive& archive, unsigned) {
    archive& x& y;
  }
};
}  // namespace shapes

namespace {

template <class... Args>
std::string packed(const Args&... args) {
  OutFrame frame(MessageKind::Call);
  {
    OutArchive out(frame);
    pack_arguments(out, args...);
  }
  return std::string(frame.payload().begin(), frame.payload().end());
}

// What `out << first << second << ...` writes: the bytes pack_arguments must produce.
template <class... Args>
std::string written_one_by_one(const Args&... args) {
  OutFrame frame(MessageKind::Call);
  {
    OutArchive out(frame);
    ((out << args), ...);
  }
  return std::string(frame.payload().begin(), frame.payload().end());
}

}  // namespace

TEST(RMI1a, SignatureOfAFunctionWithoutArguments) {
  EXPECT_EQ((signature_of<void>()), "void()");
  EXPECT_EQ((signature_of<std::string>()), "std::string()");
}

TEST(RMI1a, SignatureOfTwoArgumentsSeparatesThemWithCommaSpace) {
  EXPECT_EQ((signature_of<int, int, int>()), "int(int, int)");
  EXPECT_EQ((signature_of<std::string, std::string, int>()), "std::string(std::string, int)");
}

TEST(RMI1a, SignatureNamesContainersAndUserTypes) {
  EXPECT_EQ((signature_of<std::vector<int>, std::map<std::string, double>, shapes::Point>()),
            "std::vector<int>(std::map<std::string, double>, shapes::Point)");
}

TEST(RMI1a, PacksThreeArgumentsInOrder) {
  EXPECT_EQ(packed(1, std::string("two"), 3.0), written_one_by_one(1, std::string("two"), 3.0))
      << "pack_arguments(out, 1, \"two\", 3.0) must write what out << 1, then out << \"two\", "
         "then out << 3.0 write: every argument once, first to last";
}

TEST(RMI1a, ThreeArgumentsReadBackAsTheSameValues) {
  const std::string payload = packed(1, std::string("two"), 3.0);
  InArchive in(payload);
  int first = 0;
  std::string second;
  double third = 0;
  try {
    in >> first >> second >> third;
  } catch (const std::exception& e) {
    FAIL() << "could not read back 1, \"two\", 3.0 in that order: " << e.what();
  }
  EXPECT_EQ(first, 1);
  EXPECT_EQ(second, "two");
  EXPECT_EQ(third, 3.0);
  EXPECT_EQ(in.remaining(), 0u) << "pack_arguments wrote more than the three arguments";
}

TEST(RMI1a, PacksNothingForNoArguments) {
  EXPECT_EQ(packed().size(), 0u);
}

TEST(RMI1a, PacksContainersAndUserTypes) {
  const std::vector<shapes::Point> points{{1, 2}, {3, 4}};
  const std::string payload = packed(points, std::map<std::string, int>{{"k", 7}});
  InArchive in(payload);
  std::vector<shapes::Point> points_back;
  std::map<std::string, int> map_back;
  in >> points_back >> map_back;
  ASSERT_EQ(points_back.size(), 2u);
  EXPECT_EQ(points_back[1].x, 3);
  EXPECT_EQ(points_back[1].y, 4);
  EXPECT_EQ(map_back.at("k"), 7);
}

TEST(RMI1a, PacksEachArgumentExactlyOnce) {
  // Twice the same value must appear twice, not be merged or skipped.
  const std::string payload = packed(5, 5);
  InArchive in(payload);
  int a = 0, b = 0;
  in >> a >> b;
  EXPECT_EQ(a + b, 10);
  EXPECT_EQ(in.remaining(), 0u);
}
