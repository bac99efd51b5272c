// KStream<K,V>: a record stream in the DSL.
//
// A KStream is a cheap handle {graph, node}: each operation records a node in
// the builder's graph and returns a handle to it. Nothing runs until the
// built Topology is executed by KafkaStreams or the TopologyTestDriver.
//
// Result types are deduced from the callables; each callable is checked by a
// concept (concepts.h) so a wrong lambda fails at the call. Callables are
// copied into every task: a callable with state gets one copy per task.
// An exception thrown by a callable goes to the processing error policy
// (errors.h) with the input record that caused it.
//
// Thread-safety: build topologies from one thread.
#ifndef SLUICE_KSTREAM_H_
#define SLUICE_KSTREAM_H_

#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include "sluice/concepts.h"
#include "sluice/detail/graph.h"
#include "sluice/detail/operators.h"
#include "sluice/detail/source_sink.h"
#include "sluice/options.h"
#include "sluice/processor.h"

namespace sluice {

template <typename K, typename V>
class BranchedKStream;
template <typename K, typename V>
class KGroupedStream;

template <typename K, typename V>
class KStream {
 public:
  using Key = K;
  using Value = V;

  // Keeps records for which predicate(key, value) is true.
  template <KeyValuePredicate<K, V> F>
  KStream filter(F predicate, const Named& named = {}) const {
    return filter_impl(std::move(predicate), true, named);
  }

  // Keeps records for which predicate(key, value) is false.
  template <KeyValuePredicate<K, V> F>
  KStream filter_not(F predicate, const Named& named = {}) const {
    return filter_impl(std::move(predicate), false, named);
  }

  // Replaces each value by mapper(value) or mapper(key, value). A mapper
  // that takes the value by value gets it moved, not copied.
  template <ValueMapper<K, V> F>
  auto map_values(F mapper, const Named& named = {}) const {
    using V2 = detail::ValueMapperResult<F, K, V>;
    return add<K, V2>(
        "KSTREAM-MAPVALUES-", named,
        [f = std::move(mapper)](const std::string& name) {
          return std::make_unique<detail::MapValuesNode<K, V, V2, F>>(name, f);
        });
  }

  // Replaces each record by mapper(key, value), a std::pair<K2, V2>. A
  // mapper that takes the key and value by value gets them moved, not copied.
  template <KeyValueMapper<K, V> F>
  auto map(F mapper, const Named& named = {}) const {
    using Pair =
        std::remove_cvref_t<std::invoke_result_t<F&, const K&, const V&>>;
    using K2 = typename Pair::first_type;
    using V2 = typename Pair::second_type;
    return add<K2, V2>(
        "KSTREAM-MAP-", named,
        [f = std::move(mapper)](const std::string& name) {
          return std::make_unique<detail::MapNode<K, V, K2, V2, F>>(name, f);
        });
  }

  // Replaces each key by selector(key, value); values are kept.
  template <KeySelector<K, V> F>
  auto select_key(F selector, const Named& named = {}) const {
    using K2 =
        std::remove_cvref_t<std::invoke_result_t<F&, const K&, const V&>>;
    return add<K2, V>(
        "KSTREAM-KEY-SELECT-", named,
        [f = std::move(selector)](const std::string& name) {
          return std::make_unique<detail::SelectKeyNode<K, V, K2, F>>(name, f);
        });
  }

  // Replaces each record by the std::pair<K2,V2> items of mapper(key, value)
  // (zero or more).
  template <FlatKeyValueMapper<K, V> F>
  auto flat_map(F mapper, const Named& named = {}) const {
    using Range = std::invoke_result_t<F&, const K&, const V&>;
    using Pair = std::remove_cvref_t<std::ranges::range_value_t<Range>>;
    using K2 = typename Pair::first_type;
    using V2 = typename Pair::second_type;
    return add<K2, V2>(
        "KSTREAM-FLATMAP-", named,
        [f = std::move(mapper)](const std::string& name) {
          return std::make_unique<detail::FlatMapNode<K, V, K2, V2, F>>(name,
                                                                        f);
        });
  }

  // Replaces each record by one record per item of mapper(value) or
  // mapper(key, value), all with the original key.
  template <FlatValueMapper<K, V> F>
  auto flat_map_values(F mapper, const Named& named = {}) const {
    using Range = detail::ValueMapperResult<F, K, V>;
    using V2 = std::remove_cvref_t<std::ranges::range_value_t<Range>>;
    return add<K, V2>(
        "KSTREAM-FLATMAPVALUES-", named,
        [f = std::move(mapper)](const std::string& name) {
          return std::make_unique<detail::FlatMapValuesNode<K, V, V2, F>>(name,
                                                                          f);
        });
  }

  // Calls action(key, value) for each record and passes it on unchanged.
  template <KeyValueAction<K, V> F>
  KStream peek(F action, const Named& named = {}) const {
    return add<K, V>("KSTREAM-PEEK-", named,
                     [f = std::move(action)](const std::string& name) {
                       return std::make_unique<detail::PeekNode<K, V, F>>(name,
                                                                          f);
                     });
  }

  // Calls action(key, value) for each record; ends the stream.
  template <KeyValueAction<K, V> F>
  void foreach (F action, const Named& named = {}) const {
    (void)add<K, V>("KSTREAM-FOREACH-", named,
                    [f = std::move(action)](const std::string& name) {
                      return std::make_unique<detail::ForeachNode<K, V, F>>(
                          name, f);
                    });
  }

  // The records of this stream and `other`, interleaved as they arrive.
  // REQUIRES: both streams come from the same StreamsBuilder.
  KStream merge(const KStream& other, const Named& named = {}) const {
    if (other.graph_ != graph_) {
      throw TopologyError("merge: the streams come from different builders");
    }
    const detail::NodeId id = graph_->add(
        "KSTREAM-MERGE-", named.name(), detail::NodeKind::kProcessor,
        {node_, other.node_}, [](const std::string& name) {
          return std::make_unique<detail::PassThroughNode<K, V>>(name);
        });
    return KStream(graph_, id);
  }

  // Groups records by their current key for an aggregation (see
  // kgrouped_stream.h). No repartitioning: the input must already be
  // partitioned by this key.
  KGroupedStream<K, V> group_by_key(GroupedOptions<K, V> grouped = {}) const;

  // Groups records by selector(key, value), a new key: records are written
  // to the internal topic <application.id>-<name>-repartition, partitioned
  // by the new key, and read back by the aggregation (a new sub-topology).
  // `grouped` gives the serdes of that topic (by default the built-in ones).
  template <KeySelector<K, V> F,
            typename K2 = std::remove_cvref_t<
                std::invoke_result_t<F&, const K&, const V&>>>
  KGroupedStream<K2, V> group_by(F selector,
                                 GroupedOptions<K2, V> grouped = {}) const;

  // Starts a split into branches: see BranchedKStream. `named` is the prefix
  // of the branch names.
  BranchedKStream<K, V> split(const Named& named = {}) const;

  // Writes the stream to `topic` with `produced`'s serdes (by default the
  // built-in serdes for K and V).
  void to(const std::string& topic,
          ProducedOptions<K, V> produced = ProducedOptions<K, V>{}) const {
    const detail::NodeId id = graph_->add(
        "KSTREAM-SINK-", produced.name, detail::NodeKind::kSink, {node_},
        [topic, ks = produced.key_serde,
         vs = produced.value_serde](const std::string& name) {
          return std::make_unique<detail::SinkNode<K, V>>(name, topic, ks, vs);
        });
    detail::NodeSpec& spec = graph_->node(id);
    spec.topics = {topic};
    spec.problem = serde_problem(produced.key_serde, produced.value_serde,
                                 "Produced::with");
  }

  // Runs a user Processor (processor.h). `supplier()` returns a
  // std::unique_ptr<P> where P derives from Processor<K,V,KOut,VOut>; it is
  // called once per task. Returns the stream of what the processor forwards.
  // `stores` names stores declared with StreamsBuilder::add_state_store that
  // the processor may use.
  template <typename S>
  requires std::invocable<S&>
  auto process(S supplier, const Named& named = {},
               const std::vector<std::string>& stores = {}) const {
    using P = typename std::invoke_result_t<S&>::element_type;
    using KOut = typename P::KeyOut;
    using VOut = typename P::ValueOut;
    static_assert(std::is_base_of_v<Processor<K, V, KOut, VOut>, P>,
                  "the supplier must return std::unique_ptr<P> with P "
                  "deriving from Processor<K, V, KOut, VOut>");
    KStream<KOut, VOut> out = add<KOut, VOut>(
        "KSTREAM-PROCESSOR-", named,
        [s = std::move(supplier)](const std::string& name) mutable {
          return std::make_unique<detail::UserProcessorNode<K, V, KOut, VOut>>(
              name, s());
        });
    graph_->connect_stores(out.node_id(), stores);
    return out;
  }

  // INTERNAL: used by StreamsBuilder and BranchedKStream.
  KStream(std::shared_ptr<detail::GraphBuilder> graph, detail::NodeId node)
      : graph_(std::move(graph)), node_(node) {}
  detail::NodeId node_id() const noexcept { return node_; }
  const std::shared_ptr<detail::GraphBuilder>& graph() const noexcept {
    return graph_;
  }

  // INTERNAL: the problem to report at build() when a serde is missing.
  template <typename SK, typename SV>
  static std::string serde_problem(const SK& key_serde, const SV& value_serde,
                                   std::string_view where) {
    if (!key_serde) {
      return "no key serde for this key type; pass one with " +
             std::string(where);
    }
    if (!value_serde) {
      return "no value serde for this value type; pass one with " +
             std::string(where);
    }
    return {};
  }

 private:
  template <typename K2, typename V2>
  KStream<K2, V2> add(std::string_view prefix, const Named& named,
                      detail::NodeFactory factory) const {
    const detail::NodeId id =
        graph_->add(prefix, named.name(), detail::NodeKind::kProcessor, {node_},
                    std::move(factory));
    return KStream<K2, V2>(graph_, id);
  }

  template <typename F>
  KStream filter_impl(F predicate, bool keep, const Named& named) const {
    return add<K, V>("KSTREAM-FILTER-", named,
                     [f = std::move(predicate), keep](const std::string& name) {
                       return std::make_unique<detail::FilterNode<K, V, F>>(
                           name, f, keep);
                     });
  }

  std::shared_ptr<detail::GraphBuilder> graph_;
  detail::NodeId node_;
};

}  // namespace sluice

#include "sluice/branched_kstream.h"
#include "sluice/kgrouped_stream.h"

#endif  // SLUICE_KSTREAM_H_
