#pragma once
// Not included by any source file. With clang, the build (tests/support/build.mk) compiles this
// header once per build folder into a precompiled header, with its templates instantiated, and
// hands it to every compile (-include-pch), because parsing and instantiating the standard
// library, Boost.Serialization and GoogleTest took half of each test file's compile time and a
// third to a half of a library or demo file's. Every file still includes what it uses: g++
// builds (SAN=thread, run by CI) use no precompiled header, and would not compile otherwise.
// Only headers that never change belong here: a change to this file rebuilds everything.
#include <gtest/gtest.h>

#include <boost/archive/basic_binary_iarchive.hpp>
#include <boost/archive/basic_binary_oarchive.hpp>
#include <boost/serialization/array.hpp>
#include <boost/serialization/deque.hpp>
#include <boost/serialization/list.hpp>
#include <boost/serialization/map.hpp>
#include <boost/serialization/set.hpp>
#include <boost/serialization/split_member.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/unordered_map.hpp>
#include <boost/serialization/unordered_set.hpp>
#include <boost/serialization/utility.hpp>
#include <boost/serialization/vector.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>
