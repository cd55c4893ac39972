#pragma once
// Not included by any source file. With clang, the Makefile compiles this header once per build
// into a precompiled header and hands it to every compile (-include-pch), because parsing the
// standard library, Boost.Serialization and GoogleTest took half of each file's compile time.
// Every source still includes what it uses, so each compiles without this (g++ builds do).
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
