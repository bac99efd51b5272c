// Plain librdkafka helpers for tests and demos: create topics, produce
// records, read a topic back. They deliberately share no code with sluice's
// runtime, so that a test's view of a topic is independent of the code under
// test. Not for production paths: every call opens its own client.
//
// Thread-safety: each call is independent; call from any thread.
#ifndef SLUICE_TESTING_TEST_CLIENT_H_
#define SLUICE_TESTING_TEST_CLIENT_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sluice::testing {

struct Message {
  std::optional<std::string> key;
  std::optional<std::string> value;
  std::int32_t partition = -1;  // -1: by key (murmur2, like Java)
  std::int64_t offset = -1;
  std::int64_t timestamp_ms = 0;  // when producing, 0 means now
  std::map<std::string, std::string> headers;
};

// Creates `topics` with `partitions` partitions each through the Admin API
// (topics that exist already are left as they are). Throws
// std::runtime_error on other failures. Not for the EmbeddedCluster, whose
// mock brokers do not implement CreateTopics: use its create_topic().
void create_topics(const std::string& bootstrap,
                   const std::vector<std::string>& topics, int partitions,
                   int replication_factor = 1);

// Produces `messages` to `topic` and waits until all are acknowledged.
// Throws std::runtime_error on any failure.
void produce(const std::string& bootstrap, const std::string& topic,
             const std::vector<Message>& messages);

// Reads `topic` from the beginning of every partition (no consumer group;
// read_committed unless `read_committed` is false) until `expected` messages
// arrived and nothing more came for `settle`, or `timeout` passed. Returns
// what it read.
std::vector<Message> read_topic(
    const std::string& bootstrap, const std::string& topic,
    std::size_t expected, std::chrono::milliseconds timeout,
    std::chrono::milliseconds settle = std::chrono::milliseconds(500),
    bool read_committed = true);

}  // namespace sluice::testing

#endif  // SLUICE_TESTING_TEST_CLIENT_H_
