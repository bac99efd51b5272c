#include "traffic/guarded_main.h"

#include <cstdio>
#include <exception>

namespace traffic {

int guarded_main(std::string_view program, const std::function<int()>& run) {
  const int width = static_cast<int>(program.size());
  try {
    return run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%.*s: %s\n", width, program.data(), e.what());
  } catch (...) {
    std::fprintf(stderr, "%.*s: unknown exception\n", width, program.data());
  }
  return 1;
}

}  // namespace traffic
