// Topology::describe() in Kafka Streams' TopologyDescription format.
#include "sluice/topology.h"

#include <algorithm>
#include <set>
#include <sstream>

#include "dsl/topology_data.h"

namespace sluice {
namespace {

using detail::NodeId;
using detail::NodeKind;
using detail::TopologyData;

// Kafka Streams orders nodes by the size of the sub-graph below them
// (largest first), then by name. Size counts the node and, recursively, its
// children's sizes.
std::vector<std::size_t> subtree_sizes(const TopologyData& data) {
  std::vector<std::size_t> size(data.nodes.size(), 1);
  for (NodeId id = data.nodes.size(); id-- > 0;) {
    for (NodeId child : data.children[id]) size[id] += size[child];
  }
  return size;
}

std::string join_names(const TopologyData& data, std::vector<NodeId> ids,
                       const std::vector<std::size_t>& size) {
  if (ids.empty()) return "none";
  std::sort(ids.begin(), ids.end(), [&](NodeId a, NodeId b) {
    if (size[a] != size[b]) return size[a] > size[b];
    return data.nodes[a].name < data.nodes[b].name;
  });
  std::string out;
  for (NodeId id : ids) {
    if (!out.empty()) out += ", ";
    out += data.nodes[id].name;
  }
  return out;
}

std::string join_topics(std::vector<std::string> topics) {
  std::sort(topics.begin(), topics.end());
  std::string out = "[";
  for (std::size_t i = 0; i < topics.size(); ++i) {
    if (i > 0) out += ", ";
    out += topics[i];
  }
  return out + "]";
}

std::vector<std::string> store_names(const detail::NodeSpec& node) {
  std::vector<std::string> names;
  for (const auto& s : node.stores) names.push_back(s.name);
  return names;
}

}  // namespace

std::string Topology::describe() const {
  const TopologyData& data = *data_;
  const std::vector<std::size_t> size = subtree_sizes(data);
  std::ostringstream out;
  // Kafka Streams writes "Topologies:\n " and then "  " before each
  // sub-topology, so the first is indented by three spaces, the rest by two.
  out << "Topologies:\n ";
  for (const auto& sub : data.subtopologies) {
    out << "  Sub-topology: " << sub.id << "\n";
    std::vector<NodeId> ordered = sub.nodes;
    std::sort(ordered.begin(), ordered.end(), [&](NodeId a, NodeId b) {
      if (size[a] != size[b]) return size[a] > size[b];
      return data.nodes[a].name < data.nodes[b].name;
    });
    for (NodeId id : ordered) {
      const auto& node = data.nodes[id];
      const std::string successors = join_names(data, data.children[id], size);
      const std::string predecessors = join_names(data, node.parents, size);
      out << "    ";
      switch (node.kind) {
        case NodeKind::kSource:
          out << "Source: " << node.name
              << " (topics: " << join_topics(node.topics) << ")\n      --> "
              << successors;
          break;
        case NodeKind::kProcessor:
          out << "Processor: " << node.name
              << " (stores: " << join_topics(store_names(node))
              << ")\n      --> " << successors << "\n      <-- "
              << predecessors;
          break;
        case NodeKind::kSink:
          out << "Sink: " << node.name << " (topic: " << node.topics.front()
              << ")\n      <-- " << predecessors;
          break;
      }
      out << "\n";
    }
    out << "\n";
  }
  return out.str();
}

std::vector<std::string> Topology::source_topics() const {
  std::set<std::string> topics;
  for (const auto& [topic, sub] : data_->subtopology_of_topic) {
    topics.insert(topic);
  }
  return {topics.begin(), topics.end()};
}

std::vector<std::string> Topology::sink_topics() const {
  std::set<std::string> topics;
  for (const auto& node : data_->nodes) {
    if (node.kind == NodeKind::kSink) topics.insert(node.topics.front());
  }
  return {topics.begin(), topics.end()};
}

}  // namespace sluice
