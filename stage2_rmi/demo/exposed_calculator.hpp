#pragma once
// What remote callers may use of Pyro's calculator (stage1_rpc/demo/calculator.hpp): its
// operations, one signature at a time, as overloaded functions are bound. Stage 2's calc_server
// exports it; stage 3's demos export a subclass of it.      See lectures/2-rmi.md#exposing
// This header instantiates Boost archives; include it from .cpp files only.
#include <string>

#include "stage1_rpc/demo/calculator.hpp"
#include "stage2_rmi/rmi/exposed.hpp"

template <>
struct rmi::Exposed<demo::Calculator> {
  static void members(Members<demo::Calculator>& expose) {
    expose.method<int(int, int)>("mul", &demo::Calculator::mul)
        .method<double(double, double)>("mul", &demo::Calculator::mul)
        .method<std::string(const std::string&, int)>("mul", &demo::Calculator::mul)
        .method<int(int, int)>("add", &demo::Calculator::add)
        .method<double(double, double)>("add", &demo::Calculator::add)
        .method<std::string(const std::string&, const std::string&)>("add", &demo::Calculator::add)
        .method<int(int, int)>("sub", &demo::Calculator::sub)
        .method<double(double, double)>("sub", &demo::Calculator::sub)
        .method("div", &demo::Calculator::div)
        .method("error", &demo::Calculator::error);
  }
};
