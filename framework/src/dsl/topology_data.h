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
  // Which sub-topology reads each source topic (internal topics by their
  // unprefixed name).
  std::map<std::string, int> subtopology_of_topic;
  // Repartition topics (unprefixed), and the sub-topology writing each.
  std::map<std::string, int> internal_topic_writer;

  bool is_internal(std::string_view topic) const {
    return internal_topic_writer.count(std::string(topic)) != 0;
  }
  // The name on the cluster: <application.id>-<topic> for internal topics.
  std::string resolve(std::string_view application_id,
                      std::string_view topic) const {
    if (!is_internal(topic)) return std::string(topic);
    std::string out(application_id);
    out.append("-").append(topic);
    return out;
  }
};

}  // namespace sluice::detail

#endif  // SLUICE_SRC_DSL_TOPOLOGY_DATA_H_
