// KTable<K,V>: a changelog stream, the latest value per key, as produced by
// an aggregation. Updates reach downstream at most once per key per commit
// (the record cache), so a busy key does not flood its consumers.
//
// Thread-safety: build topologies from one thread.
#ifndef SLUICE_KTABLE_H_
#define SLUICE_KTABLE_H_

#include <memory>
#include <string>
#include <utility>

#include "sluice/kstream.h"

namespace sluice {

template <typename K, typename V>
class KTable {
 public:
  // The stream of this table's updates.
  KStream<K, V> to_stream(const Named& named = {}) const {
    const detail::NodeId id = graph_->add(
        "KTABLE-TOSTREAM-", named.name(), detail::NodeKind::kProcessor, {node_},
        [](const std::string& name) {
          return std::make_unique<detail::PassThroughNode<K, V>>(name);
        });
    return KStream<K, V>(graph_, id);
  }

  // The name of the store that holds this table (for interactive queries).
  const std::string& store_name() const noexcept { return store_; }

  // INTERNAL: made by aggregations.
  KTable(std::shared_ptr<detail::GraphBuilder> graph, detail::NodeId node,
         std::string store)
      : graph_(std::move(graph)), node_(node), store_(std::move(store)) {}

 private:
  std::shared_ptr<detail::GraphBuilder> graph_;
  detail::NodeId node_;
  std::string store_;
};

}  // namespace sluice

#endif  // SLUICE_KTABLE_H_
