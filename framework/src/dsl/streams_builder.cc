// StreamsBuilder::build(): validation and sub-topology discovery.
#include "sluice/streams_builder.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

#include "dsl/topology_data.h"

namespace sluice {
namespace {

using detail::NodeId;
using detail::NodeKind;
using detail::NodeSpec;

std::string node_label(const NodeSpec& node) { return "node " + node.name; }

Status validate(const std::vector<NodeSpec>& nodes) {
  if (nodes.empty()) {
    return invalid_argument("the topology is empty: add a stream first");
  }
  std::set<std::string> names;
  std::map<std::string, std::string> reader_of_topic;
  for (const NodeSpec& node : nodes) {
    if (!names.insert(node.name).second) {
      return invalid_argument(node_label(node) +
                              ": the name is used by another node");
    }
    if (!node.problem.empty()) {
      return invalid_argument(node_label(node) + ": " + node.problem);
    }
    if (node.is_split && node.branch_count == 0) {
      return invalid_argument(node_label(node) +
                              ": split() has no branch; add branch() or "
                              "default_branch()");
    }
    if (node.kind == NodeKind::kSource) {
      if (node.topics.empty()) {
        return invalid_argument(node_label(node) + ": a source needs a topic");
      }
      for (const std::string& topic : node.topics) {
        if (topic.empty()) {
          return invalid_argument(node_label(node) + ": empty topic name");
        }
        auto [it, inserted] = reader_of_topic.emplace(topic, node.name);
        if (!inserted) {
          return invalid_argument(node_label(node) + ": topic " + topic +
                                  " is already read by " + it->second);
        }
      }
    }
    if (node.kind == NodeKind::kSink &&
        (node.topics.size() != 1 || node.topics[0].empty())) {
      return invalid_argument(node_label(node) + ": a sink needs a topic");
    }
  }
  return {};
}

// Union-find over the nodes: parents and children share a sub-topology.
class Components {
 public:
  explicit Components(std::size_t n) : parent_(n) {
    std::iota(parent_.begin(), parent_.end(), 0);
  }
  std::size_t find(std::size_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void join(std::size_t a, std::size_t b) { parent_[find(a)] = find(b); }

 private:
  std::vector<std::size_t> parent_;
};

std::shared_ptr<detail::TopologyData> freeze(std::vector<NodeSpec> nodes) {
  auto data = std::make_shared<detail::TopologyData>();
  const std::size_t n = nodes.size();
  data->children.resize(n);
  Components components(n);
  for (NodeId id = 0; id < n; ++id) {
    for (NodeId parent : nodes[id].parents) {
      data->children[parent].push_back(id);
      components.join(id, parent);
    }
  }
  // Number sub-topologies in the order of their first node, as Kafka Streams
  // numbers them by their first source.
  std::map<std::size_t, int> id_of_root;
  for (NodeId id = 0; id < n; ++id) {
    const std::size_t root = components.find(id);
    auto [it, inserted] =
        id_of_root.emplace(root, static_cast<int>(id_of_root.size()));
    if (inserted) data->subtopologies.push_back({it->second, {}, {}});
    detail::SubtopologyData& sub = data->subtopologies[it->second];
    sub.nodes.push_back(id);
    if (nodes[id].kind == NodeKind::kSource) {
      for (const std::string& topic : nodes[id].topics) {
        sub.source_topics.push_back(topic);
        data->subtopology_of_topic[topic] = sub.id;
      }
    }
  }
  for (auto& sub : data->subtopologies) {
    std::sort(sub.source_topics.begin(), sub.source_topics.end());
  }
  for (NodeId id = 0; id < n; ++id) {
    if (nodes[id].kind == NodeKind::kSink && nodes[id].internal_topics) {
      data->internal_topic_writer[nodes[id].topics.front()] =
          id_of_root.at(components.find(id));
    }
  }
  data->nodes = std::move(nodes);
  return data;
}

}  // namespace

StreamsBuilder::StreamsBuilder()
    : graph_(std::make_shared<detail::GraphBuilder>()) {}

StatusOr<Topology> StreamsBuilder::build() {
  if (Status s = validate(graph_->nodes()); !s.ok()) return s;
  graph_->freeze();
  return Topology(freeze(graph_->nodes()));
}

}  // namespace sluice
