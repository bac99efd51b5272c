// BranchedKStream<K,V>: the result of KStream::split().
//
// Each record goes to the FIRST branch whose predicate holds (as in Kafka
// Streams); records no branch accepts are dropped (and counted) unless a
// default branch catches them. Finish with default_branch() or
// no_default_branch(), which return the branch streams by name: the split's
// Named (or its generated name and "-") followed by the branch's name, or by
// its position counted from 1 when unnamed;
// branches created with Branched::with_consumer are handed to their function
// instead and are not in the map.
//
// Thread-safety: build topologies from one thread.
#ifndef SLUICE_BRANCHED_KSTREAM_H_
#define SLUICE_BRANCHED_KSTREAM_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "sluice/kstream.h"

namespace sluice {

template <typename K, typename V>
class BranchedKStream {
 public:
  using BranchMap = std::map<std::string, KStream<K, V>>;

  // Adds a branch for records accepted by `predicate`.
  template <KeyValuePredicate<K, V> F>
  BranchedKStream& branch(F predicate, const Branched& branched = {}) {
    add_branch(std::move(predicate), branched.name(), nullptr);
    return *this;
  }

  // Adds a branch whose stream is handed to `with.chain`.
  template <KeyValuePredicate<K, V> F, typename C>
  requires std::invocable<C&, KStream<K, V>> BranchedKStream& branch(
      F predicate, BranchedConsumer<C> with) {
    add_branch(std::move(predicate), with.name,
               [c = std::move(with.chain)](KStream<K, V> s) mutable {
                 c(std::move(s));
               });
    return *this;
  }

  // Adds a branch for every record no earlier branch accepted, and returns
  // the branches.
  BranchMap default_branch(const Branched& branched = {}) {
    add_branch([](const K&, const V&) { return true; }, branched.name(),
               nullptr);
    return std::move(branches_);
  }
  template <typename C>
  requires std::invocable<C&, KStream<K, V>> BranchMap
  default_branch(BranchedConsumer<C> with) {
    add_branch([](const K&, const V&) { return true; }, with.name,
               [c = std::move(with.chain)](KStream<K, V> s) mutable {
                 c(std::move(s));
               });
    return std::move(branches_);
  }

  // Returns the branches; unmatched records are dropped and counted.
  BranchMap no_default_branch() { return std::move(branches_); }

  // INTERNAL: made by KStream::split().
  BranchedKStream(
      std::shared_ptr<detail::GraphBuilder> graph, detail::NodeId split_node,
      std::string prefix,
      std::shared_ptr<std::vector<std::function<bool(const K&, const V&)>>>
          predicates)
      : graph_(std::move(graph)),
        split_node_(split_node),
        prefix_(std::move(prefix)),
        predicates_(std::move(predicates)) {}

 private:
  template <typename F>
  void add_branch(F predicate, const std::string& name,
                  std::function<void(KStream<K, V>)> chain) {
    const std::size_t index = predicates_->size();
    const std::string branch_name =
        prefix_ + (name.empty() ? std::to_string(index + 1) : name);
    predicates_->push_back(std::move(predicate));
    const detail::NodeId id = graph_->add(
        "", branch_name, detail::NodeKind::kProcessor, {split_node_},
        [](const std::string& node_name) {
          return std::make_unique<detail::PassThroughNode<K, V>>(node_name);
        });
    graph_->node(split_node_).branch_count = predicates_->size();
    KStream<K, V> stream(graph_, id);
    if (chain) {
      chain(stream);
    } else {
      branches_.emplace(branch_name, stream);
    }
  }

  std::shared_ptr<detail::GraphBuilder> graph_;
  detail::NodeId split_node_;
  std::string prefix_;
  std::shared_ptr<std::vector<std::function<bool(const K&, const V&)>>>
      predicates_;
  BranchMap branches_;
};

template <typename K, typename V>
BranchedKStream<K, V> KStream<K, V>::split(const Named& named) const {
  using Predicates = std::vector<std::function<bool(const K&, const V&)>>;
  auto predicates = std::make_shared<Predicates>();
  const detail::NodeId id = graph_->add(
      "KSTREAM-BRANCH-", named.name(), detail::NodeKind::kProcessor, {node_},
      [predicates](const std::string& name) {
        return std::make_unique<detail::SplitNode<K, V>>(name, *predicates);
      });
  detail::NodeSpec& spec = graph_->node(id);
  spec.is_split = true;
  std::string prefix = named.empty() ? spec.name + "-" : named.name();
  return BranchedKStream<K, V>(graph_, id, std::move(prefix), predicates);
}

}  // namespace sluice

#endif  // SLUICE_BRANCHED_KSTREAM_H_
