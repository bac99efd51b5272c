#include "deployment.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

namespace e2e {
namespace {

// A TCP port nobody listens on right now.
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

}  // namespace

std::string slug(std::string text) {
  for (char& c : text) {
    if (c == '/' || c == '_') c = '-';
  }
  return text;
}

Deployment deployment_for(const Scenario& scenario, const BenchCluster& cluster,
                          const Plan& plan) {
  const std::string prefix = "e2e-" + plan.run_id + "-" + slug(scenario.id());
  Deployment d;
  d.bootstrap = cluster.bootstrap();
  d.application_id = prefix;
  d.input_topic = prefix + "-raw";
  d.output_topic = prefix + "-events";
  d.dlq_topic = prefix + "-dlq";
  d.agg_topic = prefix + "-aggregates";
  d.guarantee = scenario.guarantee;
  d.commit_interval_ms = scenario.guarantee == "exactly_once_v2" ? 100 : 30000;
  d.state_dir = plan.state_root + "/" + prefix;
  d.metrics_port =
      scenario.contender.kind == ContenderKind::kSluice ? free_port() : 0;
  return d;
}

std::vector<std::string> topics_for(const Scenario& scenario,
                                    const Deployment& d) {
  std::vector<std::string> topics = {d.input_topic, d.output_topic, d.dlq_topic,
                                     d.agg_topic};
  if (scenario.contender.kind == ContenderKind::kIoCeiling) {
    // e2e-passthrough's internal topics (passthrough_routes.h).
    topics.push_back(d.application_id + "-io-repartition");
    topics.push_back(d.application_id + "-io-changelog");
    return topics;
  }
  if (scenario.contender.kind != ContenderKind::kSluice) return topics;
  // Created here with retention.ms=-1, as Kafka Streams creates its
  // repartition topics: the readings carry event times days in the past,
  // which the broker's time retention (24 h in kafka-local.sh) would
  // otherwise delete before they are read.
  topics.push_back(d.application_id + "-sensor-readings-repartition");
  if (scenario.embedded) {
    topics.push_back(d.application_id + "-sensor-windows-changelog");
  }
  return topics;
}

Deployment deploy(const Scenario& scenario, BenchCluster& cluster,
                  const Plan& plan, std::int64_t retention_bytes) {
  Deployment d = deployment_for(scenario, cluster, plan);
  cluster.create_topics(topics_for(scenario, d), plan.partitions,
                        retention_bytes);
  std::filesystem::create_directories(d.state_dir);
  return d;
}

void undeploy(const Deployment& deployment, BenchCluster& cluster) {
  std::filesystem::remove_all(deployment.state_dir);
  const std::string problem =
      cluster.delete_topics_with_prefix(deployment.application_id + "-");
  if (!problem.empty()) {
    std::fprintf(stderr, "  (topics of %s left behind: %s)\n",
                 deployment.application_id.c_str(), problem.c_str());
  }
}

SourceConfig source_for(const Plan& plan, const Deployment& deployment) {
  SourceConfig config = plan.source;
  config.bootstrap = deployment.bootstrap;
  config.topic = deployment.input_topic;
  return config;
}

}  // namespace e2e
