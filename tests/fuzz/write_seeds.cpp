// Writes the fuzzer's seed corpus: one valid frame per file, from seed_frames(). The files are
// checked in (tests/fuzz/corpus); run `make fuzz-seeds` after changing the harness's objects.
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "tests/fuzz/frame_replay.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: write_seeds DIRECTORY\n";
    return EXIT_FAILURE;
  }
  for (const auto& [name, bytes] : rmi::fuzz::seed_frames()) {
    const std::string path = std::string(argv[1]) + "/" + name;
    std::ofstream file(path, std::ios::binary);
    file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!file) {
      std::cerr << "write_seeds: cannot write " << path << "\n";
      return EXIT_FAILURE;
    }
  }
  return EXIT_SUCCESS;
}
