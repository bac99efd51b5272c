#include "contender.h"

namespace e2e {

Launch launch_of(const Contender& contender, const Deployment& d) {
  Launch launch;
  launch.argv = {contender.program};
  if (contender.kind == ContenderKind::kSluice) {
    launch.env = {
        {"KAFKA_BROKERS", d.bootstrap},
        {"GROUP_ID", d.application_id},
        {"CLIENT_ID", d.application_id},
        {"INPUT_TOPIC", d.input_topic},
        {"OUTPUT_TOPIC", d.output_topic},
        {"DLQ_TOPIC", d.dlq_topic},
        {"AGG_TOPIC", d.agg_topic},
        {"PROCESSING_GUARANTEE", d.guarantee},
        {"COMMIT_INTERVAL", std::to_string(d.commit_interval_ms) + "ms"},
        {"NUM_STREAM_THREADS", "1"},
        {"STATE_DIR", d.state_dir},
        {"HEALTH_PORT", std::to_string(d.metrics_port)},
        {"LOG_LEVEL", "warn"},
    };
    return launch;
  }
  launch.env = {
      {"BOOTSTRAP", d.bootstrap},
      {"APPLICATION_ID", d.application_id},
      {"INPUT_TOPIC", d.input_topic},
      {"OUTPUT_TOPIC", d.output_topic},
      {"DLQ_TOPIC", d.dlq_topic},
      {"AGG_TOPIC", d.agg_topic},
      {"GUARANTEE", d.guarantee},
      {"COMMIT_INTERVAL_MS", std::to_string(d.commit_interval_ms)},
      {"NUM_STREAM_THREADS", "1"},
      {"STATE_DIR", d.state_dir},
  };
  if (contender.kind == ContenderKind::kIoCeiling) {
    launch.env["IO_SHAPE"] = "traffic";
  }
  return launch;
}

}  // namespace e2e
