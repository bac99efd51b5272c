// Contender: a stream processor the benchmark runs, and how to start it
// for one scenario (topics, group, guarantee) as a separate process.
#ifndef BENCH_E2E_CONTENDER_H_
#define BENCH_E2E_CONTENDER_H_

#include <map>
#include <string>
#include <vector>

namespace e2e {

enum class ContenderKind {
  kSluice,       // apps/traffic traffic-processor
  kPassthrough,  // bench/e2e passthrough.cc: the ceiling
  kIoCeiling,    // the same program with the traffic topology's I/O
  kPeer,         // a bench/peers/run-*.sh script (Kafka Streams, KafkaJS)
};

struct Contender {
  // "sluice", "passthrough", "io-ceiling", "kafka-streams", "kafkajs"
  std::string name;
  ContenderKind kind = ContenderKind::kSluice;
  std::string program;      // the binary or script; "" when not available
  std::string unavailable;  // why it cannot run, or ""
};

// Where and how one run of a contender works.
struct Deployment {
  std::string bootstrap;
  std::string application_id;  // consumer group, transactional id prefix
  std::string input_topic;
  std::string output_topic;  // the valid, flattened readings ("events")
  std::string dlq_topic;
  std::string agg_topic;
  std::string guarantee;  // exactly_once_v2 | at_least_once
  int commit_interval_ms = 100;
  std::string state_dir;
  int metrics_port = 0;  // traffic-processor's HTTP port
};

struct Launch {
  std::vector<std::string> argv;
  std::map<std::string, std::string> env;
};

// The command line and environment that start `contender` for
// `deployment`. The peers and the passthrough read BOOTSTRAP,
// APPLICATION_ID, INPUT_TOPIC, OUTPUT_TOPIC, DLQ_TOPIC, AGG_TOPIC,
// GUARANTEE, COMMIT_INTERVAL_MS, NUM_STREAM_THREADS and STATE_DIR;
// traffic-processor its own variables (docs/traffic.md); the I/O ceiling
// also IO_SHAPE=traffic.
// REQUIRES: contender.program is not empty.
Launch launch_of(const Contender& contender, const Deployment& deployment);

}  // namespace e2e

#endif  // BENCH_E2E_CONTENDER_H_
