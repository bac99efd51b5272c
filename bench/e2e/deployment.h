// The names and settings of one run of a scenario: unique topics, group
// and state directory, the commit interval of its guarantee.
#ifndef BENCH_E2E_DEPLOYMENT_H_
#define BENCH_E2E_DEPLOYMENT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "bench_cluster.h"
#include "contender.h"
#include "scenario.h"

namespace e2e {

// Topics and group "e2e-<run id>-<scenario id>-*"; commit interval 100 ms
// under exactly_once_v2 (sluice's and Kafka Streams' default) and 30 s
// under at_least_once (likewise); a free HTTP port for traffic-processor.
Deployment deployment_for(const Scenario& scenario, const BenchCluster& cluster,
                          const Plan& plan);

// The topics to create before the contender starts: input, events, DLQ,
// aggregates; for sluice its repartition topic (never expiring) and on the
// mock cluster its changelog too (mock brokers do not implement
// CreateTopics); for the I/O ceiling its two internal topics.
std::vector<std::string> topics_for(const Scenario& scenario,
                                    const Deployment& deployment);

// deployment_for(), then creates its topics (each partition bounded to
// `retention_bytes` when > 0; see BenchCluster::create_topics) and its state
// directory. Throws std::runtime_error when the topics cannot be created.
Deployment deploy(const Scenario& scenario, BenchCluster& cluster,
                  const Plan& plan, std::int64_t retention_bytes = -1);

// Undoes deploy() once the scenario is over: deletes its state directory
// and every topic named after its application id (the contender's internal
// topics too). A topic that cannot be deleted is reported on stderr: it
// costs disk, not results.
void undeploy(const Deployment& deployment, BenchCluster& cluster);

// plan.source, writing to the deployment's input topic.
SourceConfig source_for(const Plan& plan, const Deployment& deployment);

// `text` with '/' and '_' replaced by '-', for file and topic names.
std::string slug(std::string text);

}  // namespace e2e

#endif  // BENCH_E2E_DEPLOYMENT_H_
