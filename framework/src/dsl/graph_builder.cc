#include <cstdio>

#include "sluice/detail/graph.h"
#include "sluice/errors.h"

namespace sluice::detail {

std::string GraphBuilder::generate_name(std::string_view prefix) {
  char digits[16];
  std::snprintf(digits, sizeof digits, "%010zu", counter_++);
  return std::string(prefix) + digits;
}

NodeId GraphBuilder::add(std::string_view prefix, const std::string& named,
                         NodeKind kind, std::vector<NodeId> parents,
                         NodeFactory factory) {
  if (frozen_) {
    throw TopologyError(
        "the topology was already built; create a new StreamsBuilder to add " +
        (named.empty() ? std::string(prefix) + "..." : named));
  }
  NodeSpec spec;
  // Kafka Streams advances the counter for named nodes too; so do we, so that
  // naming one node does not rename the others.
  std::string generated = generate_name(prefix);
  if (named.empty()) {
    spec.name = std::move(generated);
  } else {
    spec.name = named;
  }
  spec.kind = kind;
  spec.parents = std::move(parents);
  spec.factory = std::move(factory);
  nodes_.push_back(std::move(spec));
  return nodes_.size() - 1;
}

}  // namespace sluice::detail
