// traffic-processor: the stream processor that replaces the predecessor
// service. See docs/traffic.md and `traffic-processor --help`.
//
// Exit codes: 0 after a clean shutdown (SIGTERM/SIGINT), 1 when the
// instance cannot start or fails, 2 for a bad configuration value.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <future>
#include <memory>
#include <string>

#include "sluice/sluice.h"
#include "traffic/allocator.h"
#include "traffic/http_server.h"
#include "traffic/log_sink.h"
#include "traffic/processor_config.h"
#include "traffic/status_endpoints.h"
#include "traffic/topology.h"

namespace {

using namespace std::chrono_literals;
using State = sluice::KafkaStreams::State;
constexpr std::string_view kComponent = "traffic-processor";

void info(const std::string& message) {
  sluice::log(sluice::LogLevel::kInfo, kComponent, message);
}
void error(const std::string& message) {
  sluice::log(sluice::LogLevel::kError, kComponent, message);
}

int run(const traffic::ProcessorConfig& config, const std::string& allocator) {
  auto metrics = std::make_shared<traffic::AppMetrics>();
  const sluice::Topology topology =
      traffic::build_topology(config.topology, metrics);
  if (config.print_topology) {
    std::fputs(topology.describe().c_str(), stdout);
    return 0;
  }
  std::optional<sluice::StreamsConfig> streams_config;
  try {
    streams_config.emplace(traffic::streams_properties(config));
  } catch (const sluice::ConfigError& e) {
    std::fprintf(stderr, "traffic-processor: %s\n", e.what());
    return 2;
  }
  traffic::log_startup(config, *streams_config);
  info("allocator: " + allocator);
  sluice::KafkaStreams streams(topology, *streams_config);

  traffic::StatusEndpoints endpoints(streams, metrics, config.topology,
                                     config.client_id,
                                     streams_config->originals());
  traffic::StatusServer server(endpoints);
  if (sluice::Status s = server.start(config.http_host, config.health_port);
      !s.ok()) {
    error(s.message());
    return 1;
  }
  info("HTTP on " + config.http_host + ":" + std::to_string(server.port()) +
       " (/health /ready /metrics /stats /sensors/{id})");

  sluice::ShutdownSignal signal;
  // start() checks the cluster and creates internal topics, which can take
  // up to startup.timeout.ms when the brokers do not answer. A signal in
  // that time ends the process at once: nothing was consumed or produced
  // yet, so there is nothing to commit or hand over.
  std::future<sluice::Status> starting =
      std::async(std::launch::async, [&streams] { return streams.start(); });
  while (starting.wait_for(100ms) != std::future_status::ready) {
    if (signal.requested()) {
      info("signal " + std::to_string(signal.signal_number()) +
           " while starting: exiting before anything was processed");
      server.stop();
      std::fflush(nullptr);
      std::_Exit(0);
    }
  }
  if (sluice::Status s = starting.get(); !s.ok()) {
    error("cannot start: " + s.to_string());
    return 1;
  }
  while (!signal.wait_for(250ms)) {
    if (streams.state() == State::kError) break;
  }
  const bool failed = streams.state() == State::kError;
  if (failed) {
    error("stream processing failed: " + streams.error_message());
  } else {
    info("signal " + std::to_string(signal.signal_number()) +
         ": shutting down");
  }
  const bool closed = streams.close(30s);
  server.stop();
  info(std::string("stopped") + (closed ? "" : " (close timed out)") + ": " +
       std::to_string(metrics->readings()) + " readings, " +
       std::to_string(metrics->valid()) + " valid, " +
       std::to_string(metrics->dead_lettered()) + " dead-lettered, " +
       std::to_string(metrics->windows_emitted()) + " windows");
  return failed || !closed ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    // First, before any thread starts.
    const std::string allocator =
        traffic::set_up_allocator(std::getenv("MALLOC_ARENA_MAX"));
    const traffic::ConfigResult parsed =
        traffic::parse_processor_config(argc, argv);
    if (!parsed.config) {
      std::FILE* out = parsed.exit_code == 0 ? stdout : stderr;
      std::fputs(parsed.output.c_str(), out);
      std::fputs("\n", out);
      return parsed.exit_code;
    }
    traffic::install_log_sink(parsed.config->log_format, "traffic-processor");
    sluice::set_log_level(parsed.config->log_level);
    return run(*parsed.config, allocator);
  } catch (const std::exception& e) {
    error(std::string("fatal: ") + e.what());
  } catch (...) {
    error("fatal: unknown exception");
  }
  return 1;
}
