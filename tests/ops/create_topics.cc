// ops_create_topics BOOTSTRAP PARTITIONS TOPIC...: creates topics on a real
// broker through the Admin API (sluice::testing::create_topics), for the
// shell-scripted operations tests. Exit 0 on success, 1 with a message.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "sluice/testing/test_client.h"

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fputs("usage: ops_create_topics BOOTSTRAP PARTITIONS TOPIC...\n",
               stderr);
    return 2;
  }
  try {
    const std::vector<std::string> topics(argv + 3, argv + argc);
    sluice::testing::create_topics(argv[1], topics, std::stoi(argv[2]));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ops_create_topics: %s\n", e.what());
    return 1;
  }
  return 0;
}
