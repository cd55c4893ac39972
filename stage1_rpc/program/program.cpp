#include "stage1_rpc/program/program.hpp"

#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

namespace rmi {

void ignore_broken_pipes() {
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  sigaction(SIGPIPE, &ignore, nullptr);
}

int report_failure(std::string_view program, const std::exception& error) {
  std::cerr << program << ": " << error.what() << std::endl;
  return EXIT_FAILURE;
}

void end_now(int status) {
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  std::_Exit(status);
}

}  // namespace rmi
