// StatusEndpoints: what the HTTP endpoints answer, independent of the HTTP
// server (http_server.h) so that it can be tested without sockets.
//
//   /health        liveness, the predecessor's shape:
//                  {"status":"healthy","messagesProcessed":N,"state":...,
//                   "uptime":s,"timestamp":...}; 503 "unhealthy" once the
//                  instance is in ERROR or has stopped
//   /ready         200 only while the instance is RUNNING, else 503
//   /metrics       Prometheus text (prometheus_text.h)
//   /stats         the predecessor's JSON metrics (messagesProcessed,
//                  lastMessageTime, ...) and more, and "config": the
//                  StreamsConfig properties with secrets as "[redacted]"
//                  (sluice::redact_config)
//   /sensors/{id}  the recent windows of one sensor from the window store
//                  (interactive query): 200 with the windows, 400 for an id
//                  that cannot be one, 404 when this instance has no
//                  window of it, 503 unless RUNNING or REBALANCING
//
// Thread-safety: thread-safe (the HTTP server calls it from its threads).

#ifndef TRAFFIC_STATUS_ENDPOINTS_H_
#define TRAFFIC_STATUS_ENDPOINTS_H_

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "sluice/config.h"
#include "sluice/kafka_streams.h"
#include "traffic/app_metrics.h"
#include "traffic/topology.h"

namespace traffic {

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

class StatusEndpoints {
 public:
  // `streams` and `metrics` must outlive this object. `topology` gives the
  // windows and names the answers mention. `config`: the StreamsConfig
  // properties /stats shows; redacted here, so they may hold secrets.
  StatusEndpoints(const sluice::KafkaStreams& streams,
                  std::shared_ptr<const AppMetrics> metrics,
                  TopologyOptions topology, std::string processor_id,
                  const sluice::StreamsConfig::Properties& config = {});

  HttpResponse health() const;
  HttpResponse ready() const;
  HttpResponse metrics() const;
  HttpResponse stats() const;
  HttpResponse sensor(std::string_view id) const;

 private:
  double uptime_seconds() const;

  const sluice::KafkaStreams& streams_;
  std::shared_ptr<const AppMetrics> metrics_;
  TopologyOptions topology_;
  std::string processor_id_;
  sluice::StreamsConfig::Properties redacted_config_;
  std::chrono::steady_clock::time_point started_;
};

// True for ids /sensors/{id} may look up: 1-64 characters from
// [A-Za-z0-9._-].
bool plausible_sensor_id(std::string_view id);

}  // namespace traffic

#endif  // TRAFFIC_STATUS_ENDPOINTS_H_
