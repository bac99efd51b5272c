// StreamsBuilder: where a topology starts.
//
//   sluice::StreamsBuilder builder;
//   auto words = builder.stream("lines", sluice::Consumed::with(
//       sluice::Serdes::string(), sluice::Serdes::string()));
//   words.filter([](const auto&, const auto& v) { return !v.empty(); })
//        .to("non-empty");
//   sluice::Topology topology = builder.build().value();
//
// Thread-safety: not thread-safe; build from one thread.
#ifndef SLUICE_STREAMS_BUILDER_H_
#define SLUICE_STREAMS_BUILDER_H_

#include <memory>
#include <string>
#include <vector>

#include "sluice/kstream.h"
#include "sluice/options.h"
#include "sluice/status.h"
#include "sluice/topology.h"

namespace sluice {

class StreamsBuilder {
 public:
  StreamsBuilder();

  // A stream of the records of `topic`, deserialized with `consumed`'s serdes
  // (by default, the built-in serdes for K and V).
  template <typename K, typename V>
  KStream<K, V> stream(const std::string& topic,
                       ConsumedOptions<K, V> consumed = {}) {
    return stream(std::vector<std::string>{topic}, std::move(consumed));
  }

  // A stream of the records of several topics.
  template <typename K, typename V>
  KStream<K, V> stream(const std::vector<std::string>& topics,
                       ConsumedOptions<K, V> consumed = {}) {
    const detail::NodeId id = graph_->add(
        "KSTREAM-SOURCE-", consumed.name, detail::NodeKind::kSource, {},
        [ks = consumed.key_serde, vs = consumed.value_serde,
         ex = consumed.timestamp_extractor](const std::string& name) {
          return std::make_unique<detail::SourceNode<K, V>>(name, ks, vs, ex);
        });
    detail::NodeSpec& spec = graph_->node(id);
    spec.topics = topics;
    spec.problem = KStream<K, V>::serde_problem(
        consumed.key_serde, consumed.value_serde, "Consumed::with");
    return KStream<K, V>(graph_, id);
  }

  // Declares a key-value store that processors can use (KStream::process
  // with the store's name). It gets a changelog like any other store.
  void add_state_store(const Materialized& store) {
    if (store.name().empty()) {
      throw TopologyError("add_state_store: the store needs a name");
    }
    graph_->declare_store(
        detail::StoreSpec{store.name(), store.is_in_memory(), false, -1});
  }

  // Validates the recorded graph and freezes it. Errors name the node:
  // duplicate names, missing serdes, a split with no branch, a topic read by
  // two sources, an empty topology. After build() the builder and its
  // streams accept no more operations.
  StatusOr<Topology> build();

 private:
  std::shared_ptr<detail::GraphBuilder> graph_;
};

}  // namespace sluice

#endif  // SLUICE_STREAMS_BUILDER_H_
