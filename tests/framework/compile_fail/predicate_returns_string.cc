// Must NOT compile: filter() takes a KeyValuePredicate, and a lambda that
// returns std::string is not one. Built with -DSLUICE_CONTROL it returns bool
// and must compile, proving the failure comes from the constraint.
#include <string>

#include "sluice/sluice.h"

int main() {
  sluice::StreamsBuilder builder;
  auto stream = builder.stream<std::string, std::string>("in");
#ifdef SLUICE_CONTROL
  stream.filter(
      [](const std::string&, const std::string& v) { return v.empty(); });
#else
  stream.filter([](const std::string&, const std::string& v) { return v; });
#endif
  return 0;
}
