// guarded_main: the body of a command-line program's main(), so that no
// exception escapes it as a crash.
#ifndef TRAFFIC_GUARDED_MAIN_H_
#define TRAFFIC_GUARDED_MAIN_H_

#include <functional>
#include <string_view>

namespace traffic {

// Returns run()'s exit code; an exception escaping run() is printed to
// stderr as "<program>: <what>" and gives exit code 1.
int guarded_main(std::string_view program, const std::function<int()>& run);

}  // namespace traffic

#endif  // TRAFFIC_GUARDED_MAIN_H_
