// INTERNAL. The graph recorded by the DSL. StreamsBuilder and every KStream
// handle share one GraphBuilder; each DSL call appends a NodeSpec whose
// factory makes the processor instance for a task. build() validates the
// graph and freezes it into a Topology.
//
// Not thread-safe: build a topology from one thread.
#ifndef SLUICE_DETAIL_GRAPH_H_
#define SLUICE_DETAIL_GRAPH_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/detail/node.h"

namespace sluice::detail {

enum class NodeKind { kSource, kProcessor, kSink };

using NodeId = std::size_t;
using NodeFactory =
    std::function<std::unique_ptr<ProcessorNodeBase>(const std::string&)>;

// A state store a node uses. Window stores are key-value stores whose keys
// carry the window start.
struct StoreSpec {
  std::string name;
  bool in_memory = false;
  bool windowed = false;
  std::int64_t retention_ms = -1;  // window stores only

  bool operator==(const StoreSpec&) const = default;
};

struct NodeSpec {
  std::string name;
  NodeKind kind = NodeKind::kProcessor;
  std::vector<NodeId> parents;
  // Source: the topics it reads. Sink: the one topic it writes.
  std::vector<std::string> topics;
  // The topics are internal (repartition topics): the runtime names them
  // <application.id>-<topic>.
  bool internal_topics = false;
  NodeFactory factory;
  // Non-empty when the DSL call recorded something build() must reject,
  // e.g. "no value serde for this type".
  std::string problem;
  // The stores this node reads and writes.
  std::vector<StoreSpec> stores;
  // For split(): how many branches were added; build() rejects zero.
  bool is_split = false;
  std::size_t branch_count = 0;
};

class GraphBuilder {
 public:
  // Appends a node named `named` (when not empty) or `<prefix><counter>`,
  // with the given parents, and returns its id.
  NodeId add(std::string_view prefix, const std::string& named, NodeKind kind,
             std::vector<NodeId> parents, NodeFactory factory);

  NodeSpec& node(NodeId id) { return nodes_.at(id); }
  const std::vector<NodeSpec>& nodes() const noexcept { return nodes_; }

  // A store name for an unnamed aggregation, e.g.
  // KSTREAM-AGGREGATE-STATE-STORE-0000000003.
  std::string generate_store_name(std::string_view prefix) {
    return generate_name(std::string(prefix) + "-STATE-STORE-");
  }

  // Kafka Streams' generated name: prefix + 10-digit counter.
  std::string generate_name(std::string_view prefix);

  // Declares a store for Processor API use.
  void declare_store(StoreSpec spec) {
    declared_stores_.push_back(std::move(spec));
  }
  // Connects declared stores to node `id`; unknown names become the node's
  // build() problem.
  void connect_stores(NodeId id, const std::vector<std::string>& names) {
    for (const std::string& name : names) {
      auto it =
          std::find_if(declared_stores_.begin(), declared_stores_.end(),
                       [&](const StoreSpec& s) { return s.name == name; });
      if (it == declared_stores_.end()) {
        nodes_.at(id).problem =
            "unknown store " + name +
            "; declare it with StreamsBuilder::add_state_store";
      } else {
        nodes_.at(id).stores.push_back(*it);
      }
    }
  }

  // After freeze(), add() throws TopologyError: a built Topology must not
  // change under the runtime.
  void freeze() noexcept { frozen_ = true; }

 private:
  std::vector<NodeSpec> nodes_;
  std::size_t counter_ = 0;
  bool frozen_ = false;
  std::vector<StoreSpec> declared_stores_;
};

}  // namespace sluice::detail

#endif  // SLUICE_DETAIL_GRAPH_H_
