// The frozen graph inside a Topology, as the runtime and test driver see it.
#ifndef SLUICE_SRC_DSL_TOPOLOGY_DATA_H_
#define SLUICE_SRC_DSL_TOPOLOGY_DATA_H_

#include <map>
#include <string>
#include <vector>

#include "sluice/detail/graph.h"

namespace sluice::detail {

// A connected part of the graph; one task per input partition runs it.
struct SubtopologyData {
  int id = 0;
  // Its nodes in creation order: every parent comes before its children.
  std::vector<NodeId> nodes;
  std::vector<std::string> source_topics;  // sorted
};

struct TopologyData {
  std::vector<NodeSpec> nodes;
  std::vector<std::vector<NodeId>> children;  // by node id, in creation order
  std::vector<SubtopologyData> subtopologies;
  // Which sub-topology reads each source topic.
  std::map<std::string, int> subtopology_of_topic;
};

}  // namespace sluice::detail

#endif  // SLUICE_SRC_DSL_TOPOLOGY_DATA_H_
