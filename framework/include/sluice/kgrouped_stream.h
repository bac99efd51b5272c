// KGroupedStream<K,V> (from KStream::group_by_key) and TimeWindowedKStream
// (from windowed_by): aggregations into a KTable backed by a state store with
// a changelog topic.
//
//   auto counts = stream.group_by_key().count(Materialized::as("counts"));
//   auto sums = stream.group_by_key().aggregate(
//       [] { return std::int64_t{0}; },
//       [](const std::string&, std::int64_t v, std::int64_t sum) { return sum +
//       v; }, Materialized::as("sums"), Serdes::int64());
//   auto per_window = stream.group_by_key()
//       .windowed_by(TimeWindows::of_size(5min).grace(1min))
//       .emit_final()
//       .count();
//
// group_by_key() does not repartition: records must already be partitioned
// by their key (as records keyed by the producer are). The aggregate's value
// type needs a serde: the built-in one, or pass it.
//
// Thread-safety: build topologies from one thread.
#ifndef SLUICE_KGROUPED_STREAM_H_
#define SLUICE_KGROUPED_STREAM_H_

#include <concepts>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "sluice/detail/stateful_operators.h"
#include "sluice/ktable.h"
#include "sluice/windows.h"

namespace sluice {

// VA f(): the first value of an aggregate.
template <typename F>
concept Initializer = std::copy_constructible<F> && std::invocable<F&> &&
    !std::is_void_v<std::invoke_result_t<F&>>;

// VA f(const K&, const V&, const VA&): folds a record into an aggregate.
template <typename F, typename K, typename V, typename VA>
concept Aggregator = std::copy_constructible<F> &&
    std::invocable<F&, const K&, const V&, const VA&> &&
    std::convertible_to<std::invoke_result_t<F&, const K&, const V&, const VA&>,
                        VA>;

// V f(const V& aggregate, const V& value): combines two values.
template <typename F, typename V>
concept Reducer =
    std::copy_constructible<F> && std::invocable<F&, const V&, const V&> &&
    std::convertible_to<std::invoke_result_t<F&, const V&, const V&>, V>;

namespace detail {

// Shared by KGroupedStream and TimeWindowedKStream: records the aggregate node
// and its store.
template <typename K, typename V>
struct GroupedSource {
  std::shared_ptr<GraphBuilder> graph;
  NodeId node;
  GroupedOptions<K, V> grouped;

  NodeId add_aggregate(const Materialized& m, bool windowed,
                       std::int64_t retention_ms, NodeFactory factory,
                       std::string problem, std::string& store) const {
    store = m.name().empty() ? graph->generate_store_name("KSTREAM-AGGREGATE")
                             : m.name();
    const NodeId id = graph->add("KSTREAM-AGGREGATE-", "", NodeKind::kProcessor,
                                 {node}, std::move(factory));
    NodeSpec& spec = graph->node(id);
    spec.stores.push_back(
        StoreSpec{store, m.is_in_memory(), windowed, retention_ms});
    spec.problem = std::move(problem);
    return id;
  }
};

// The fold of aggregate(): initializer() for a new key, then
// aggregator(key, value, aggregate).
template <typename K, typename V, typename VA, typename I, typename A>
auto aggregate_fold(I initializer, A aggregator) {
  return [initializer, aggregator](const K& k, const V& v,
                                   std::optional<VA> current) mutable {
    return static_cast<VA>(
        aggregator(k, v, current ? *current : initializer()));
  };
}

// The fold of reduce(): the first value as is, then reducer(aggregate, value).
template <typename K, typename V, typename R>
auto reduce_fold(R reducer) {
  return [reducer](const K&, const V& v, std::optional<V> current) mutable {
    return current ? static_cast<V>(reducer(*current, v)) : v;
  };
}

template <typename VA, typename KS>
std::string aggregate_serde_problem(const KS& key_serde,
                                    const Serde<VA>& value_serde) {
  if (!key_serde)
    return "no key serde for the grouped key type; pass one with Grouped::with";
  if (!value_serde)
    return "no serde for the aggregate's value type; pass one to the "
           "aggregation";
  return {};
}

}  // namespace detail

template <typename K, typename V>
class TimeWindowedKStream;

template <typename K, typename V>
class KGroupedStream {
 public:
  // Folds each record into its key's aggregate: initializer() for a new key,
  // then aggregator(key, value, aggregate).
  template <Initializer I, typename A, typename VA = std::invoke_result_t<I&>>
  requires Aggregator<A, K, V, VA> KTable<K, VA> aggregate(
      I initializer, A aggregator, const Materialized& materialized = {},
      Serde<VA> value_serde = default_serde<VA>())
  const {
    auto fold = detail::aggregate_fold<K, V, VA>(std::move(initializer),
                                                 std::move(aggregator));
    return make_table<VA>(std::move(fold), materialized,
                          std::move(value_serde));
  }

  // Counts records per key.
  KTable<K, std::int64_t> count(const Materialized& materialized = {}) const {
    return aggregate([] { return std::int64_t{0}; },
                     [](const K&, const V&, std::int64_t n) { return n + 1; },
                     materialized, Serdes::int64());
  }

  // Combines the values of each key with reducer(aggregate, value); the
  // first value is the aggregate as is.
  template <Reducer<V> R>
  KTable<K, V> reduce(R reducer, const Materialized& materialized = {}) const {
    auto fold = detail::reduce_fold<K, V>(std::move(reducer));
    return make_table<V>(std::move(fold), materialized,
                         source_.grouped.value_serde);
  }

  // Aggregates per key and time window.
  TimeWindowedKStream<K, V> windowed_by(const TimeWindows& windows) const {
    return TimeWindowedKStream<K, V>(source_, windows);
  }

  // INTERNAL: made by KStream::group_by_key.
  explicit KGroupedStream(detail::GroupedSource<K, V> source)
      : source_(std::move(source)) {}

 private:
  template <typename VA, typename Fold>
  KTable<K, VA> make_table(Fold fold, const Materialized& m,
                           Serde<VA> value_serde) const {
    std::string store;
    const detail::NodeId id = source_.add_aggregate(
        m, false, -1, nullptr,
        detail::aggregate_serde_problem(source_.grouped.key_serde, value_serde),
        store);
    // The factory needs the store name, which add_aggregate chose.
    source_.graph->node(id).factory = [store, ks = source_.grouped.key_serde,
                                       vs = value_serde,
                                       fold](const std::string& name) {
      return std::make_unique<detail::AggregateNode<K, V, VA, Fold>>(
          name, store, ks, vs, fold);
    };
    return KTable<K, VA>(source_.graph, id, store);
  }

  detail::GroupedSource<K, V> source_;
};

template <typename K, typename V>
class TimeWindowedKStream {
 public:
  // Forward one final result per window when it closes (stream time passes
  // its end plus grace) instead of an update per commit.
  TimeWindowedKStream emit_final() const {
    TimeWindowedKStream copy = *this;
    copy.emit_final_ = true;
    return copy;
  }

  // Copy records that come too late for every window they belong to into
  // `topic`, unchanged: the key and value bytes of the record this stream
  // read (they are counted either way). The copy keeps the record's
  // timestamp and headers and adds `sluice.late.node` and
  // `sluice.late.stream_time`.
  TimeWindowedKStream late_records_to(const std::string& topic) const {
    TimeWindowedKStream copy = *this;
    copy.late_topic_ = topic;
    copy.late_serdes_.reset();
    return copy;
  }

  // As late_records_to(topic), but the copy's key and value are the late
  // record's typed key and value written with `produced`'s serdes, not the
  // bytes that were read (e.g. when those are a compact internal format of
  // a repartition topic). A serializer that throws goes to
  // processing.exception.handler as a serialization error; the record is
  // counted as late either way.
  TimeWindowedKStream late_records_to(const std::string& topic,
                                      ProducedOptions<K, V> produced) const {
    TimeWindowedKStream copy = *this;
    copy.late_topic_ = topic;
    copy.late_serdes_ = detail::LateSerdes<K, V>{
        std::move(produced.key_serde), std::move(produced.value_serde)};
    return copy;
  }

  template <Initializer I, typename A, typename VA = std::invoke_result_t<I&>>
  requires Aggregator<A, K, V, VA> KTable<Windowed<K>, VA> aggregate(
      I initializer, A aggregator, const Materialized& materialized = {},
      Serde<VA> value_serde = default_serde<VA>())
  const {
    auto fold = detail::aggregate_fold<K, V, VA>(std::move(initializer),
                                                 std::move(aggregator));
    return make_table<VA>(std::move(fold), materialized,
                          std::move(value_serde));
  }

  KTable<Windowed<K>, std::int64_t> count(
      const Materialized& materialized = {}) const {
    return aggregate([] { return std::int64_t{0}; },
                     [](const K&, const V&, std::int64_t n) { return n + 1; },
                     materialized, Serdes::int64());
  }

  template <Reducer<V> R>
  KTable<Windowed<K>, V> reduce(R reducer,
                                const Materialized& materialized = {}) const {
    auto fold = detail::reduce_fold<K, V>(std::move(reducer));
    return make_table<V>(std::move(fold), materialized,
                         source_.grouped.value_serde);
  }

  // INTERNAL: made by KGroupedStream::windowed_by.
  TimeWindowedKStream(detail::GroupedSource<K, V> source, TimeWindows windows)
      : source_(std::move(source)), windows_(windows) {}

 private:
  template <typename VA, typename Fold>
  KTable<Windowed<K>, VA> make_table(Fold fold, const Materialized& m,
                                     Serde<VA> value_serde) const {
    detail::WindowSettings settings{windows_, 0, emit_final_, late_topic_};
    const std::int64_t minimum = windows_.size_ms() + windows_.grace_ms();
    settings.retention_ms = std::max(minimum, m.retention_ms());
    std::string store;
    const detail::NodeId id = source_.add_aggregate(
        m, true, settings.retention_ms, nullptr,
        detail::aggregate_serde_problem(source_.grouped.key_serde, value_serde),
        store);
    source_.graph->node(id).factory =
        [store, ks = source_.grouped.key_serde, vs = value_serde, fold,
         settings, late = late_serdes_](const std::string& name) {
          return std::make_unique<detail::WindowAggregateNode<K, V, VA, Fold>>(
              name, store, ks, vs, fold, settings, late);
        };
    return KTable<Windowed<K>, VA>(source_.graph, id, store);
  }

  detail::GroupedSource<K, V> source_;
  TimeWindows windows_;
  bool emit_final_ = false;
  std::string late_topic_;
  std::optional<detail::LateSerdes<K, V>> late_serdes_;
};

template <typename K, typename V>
template <KeySelector<K, V> F, typename K2>
KGroupedStream<K2, V> KStream<K, V>::group_by(
    F selector, GroupedOptions<K2, V> grouped) const {
  KStream<K2, V> rekeyed = select_key(std::move(selector));
  const std::string name = grouped.name.empty()
                               ? graph_->generate_name("KSTREAM-REPARTITION-")
                               : grouped.name;
  const std::string topic = name + "-repartition";
  const detail::NodeId sink = graph_->add(
      "KSTREAM-SINK-", "", detail::NodeKind::kSink, {rekeyed.node_id()},
      [topic, ks = grouped.key_serde,
       vs = grouped.value_serde](const std::string& n) {
        return std::make_unique<detail::SinkNode<K2, V>>(n, topic, ks, vs);
      });
  detail::NodeSpec& sink_spec = graph_->node(sink);
  sink_spec.topics = {topic};
  sink_spec.internal_topics = true;
  sink_spec.problem =
      serde_problem(grouped.key_serde, grouped.value_serde, "Grouped::with");
  const detail::NodeId source = graph_->add(
      "KSTREAM-SOURCE-", "", detail::NodeKind::kSource, {},
      [ks = grouped.key_serde, vs = grouped.value_serde](const std::string& n) {
        return std::make_unique<detail::SourceNode<K2, V>>(n, ks, vs);
      });
  detail::NodeSpec& source_spec = graph_->node(source);
  source_spec.topics = {topic};
  source_spec.internal_topics = true;
  return KGroupedStream<K2, V>(
      detail::GroupedSource<K2, V>{graph_, source, std::move(grouped)});
}

template <typename K, typename V>
KGroupedStream<K, V> KStream<K, V>::group_by_key(
    GroupedOptions<K, V> grouped) const {
  return KGroupedStream<K, V>(
      detail::GroupedSource<K, V>{graph_, node_, std::move(grouped)});
}

}  // namespace sluice

#endif  // SLUICE_KGROUPED_STREAM_H_
