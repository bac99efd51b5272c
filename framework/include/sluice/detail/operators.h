// INTERNAL. The stateless operators: one small node class each. The DSL in
// kstream.h instantiates them; user callables are copied into each task's
// instance and invoked through ProcessorNodeBase::guarded so that an
// exception reaches the error policy with the record that caused it.
#ifndef SLUICE_DETAIL_OPERATORS_H_
#define SLUICE_DETAIL_OPERATORS_H_

#include <functional>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "sluice/concepts.h"
#include "sluice/detail/node.h"

namespace sluice::detail {

// filter / filter_not: forwards records for which pred(key, value) == keep.
template <typename K, typename V, typename F>
class FilterNode final : public OperatorNode<K, V, K, V> {
 public:
  FilterNode(std::string name, F pred, bool keep)
      : OperatorNode<K, V, K, V>(std::move(name)),
        pred_(std::move(pred)),
        keep_(keep) {}
  void process(Record<K, V>&& record) override {
    bool pass = false;
    if (!this->guarded([&] {
          pass =
              static_cast<bool>(pred_(record.key(), record.value())) == keep_;
        })) {
      return;
    }
    if (pass) {
      this->out_.forward(std::move(record));
    } else {
      this->context().on_dropped(this->name());
    }
  }

 private:
  F pred_;
  bool keep_;
};

// map_values: value -> f(value) or f(key, value).
template <typename K, typename V, typename V2, typename F>
class MapValuesNode final : public OperatorNode<K, V, K, V2> {
 public:
  MapValuesNode(std::string name, F fn)
      : OperatorNode<K, V, K, V2>(std::move(name)), fn_(std::move(fn)) {}
  void process(Record<K, V>&& record) override {
    std::optional<V2> out;
    if (!this->guarded([&] {
          // The record is ours: a mapper taking the value by value gets it
          // moved, not copied.
          out.emplace(invoke_value_mapper(fn_, record.key(),
                                          std::move(record.value())));
        })) {
      return;
    }
    if constexpr (std::is_same_v<V, V2>) {
      record.value() = std::move(*out);  // no new Record: fewer moves
      this->out_.forward(std::move(record));
    } else {
      this->out_.forward(std::move(record).with_value(std::move(*out)));
    }
  }

 private:
  F fn_;
};

// map: (key, value) -> f(key, value) as std::pair<K2, V2>.
template <typename K, typename V, typename K2, typename V2, typename F>
class MapNode final : public OperatorNode<K, V, K2, V2> {
 public:
  MapNode(std::string name, F fn)
      : OperatorNode<K, V, K2, V2>(std::move(name)), fn_(std::move(fn)) {}
  void process(Record<K, V>&& record) override {
    std::optional<std::pair<K2, V2>> out;
    if (!this->guarded([&] {
          // Both are replaced below: a mapper taking them by value gets
          // them moved, not copied.
          out.emplace(fn_(std::move(record.key()), std::move(record.value())));
        })) {
      return;
    }
    if constexpr (std::is_same_v<K, K2> && std::is_same_v<V, V2>) {
      record.key() = std::move(out->first);
      record.value() = std::move(out->second);
      this->out_.forward(std::move(record));
    } else {
      this->out_.forward(std::move(record).with_key_value(
          std::move(out->first), std::move(out->second)));
    }
  }

 private:
  F fn_;
};

// select_key: key -> f(key, value); the value is kept.
template <typename K, typename V, typename K2, typename F>
class SelectKeyNode final : public OperatorNode<K, V, K2, V> {
 public:
  SelectKeyNode(std::string name, F fn)
      : OperatorNode<K, V, K2, V>(std::move(name)), fn_(std::move(fn)) {}
  void process(Record<K, V>&& record) override {
    std::optional<K2> key;
    if (!this->guarded(
            [&] { key.emplace(fn_(record.key(), record.value())); })) {
      return;
    }
    if constexpr (std::is_same_v<K, K2>) {
      record.key() = std::move(*key);
      this->out_.forward(std::move(record));
    } else {
      this->out_.forward(std::move(record).with_key(std::move(*key)));
    }
  }

 private:
  F fn_;
};

// flat_map: one record -> any number of (key, value) pairs. An empty result
// counts as a drop.
template <typename K, typename V, typename K2, typename V2, typename F>
class FlatMapNode final : public OperatorNode<K, V, K2, V2> {
 public:
  FlatMapNode(std::string name, F fn)
      : OperatorNode<K, V, K2, V2>(std::move(name)), fn_(std::move(fn)) {}
  void process(Record<K, V>&& record) override {
    std::vector<std::pair<K2, V2>> outs;
    if (!this->guarded([&] {
          for (auto&& kv : fn_(record.key(), record.value())) {
            outs.emplace_back(std::forward<decltype(kv)>(kv));
          }
        })) {
      return;
    }
    if (outs.empty()) {
      this->context().on_dropped(this->name());
      return;
    }
    for (auto& kv : outs) {
      Record<K, V> copy(record);
      this->out_.forward(std::move(copy).with_key_value(std::move(kv.first),
                                                        std::move(kv.second)));
    }
  }

 private:
  F fn_;
};

// flat_map_values: one record -> any number of values under the same key.
template <typename K, typename V, typename V2, typename F>
class FlatMapValuesNode final : public OperatorNode<K, V, K, V2> {
 public:
  FlatMapValuesNode(std::string name, F fn)
      : OperatorNode<K, V, K, V2>(std::move(name)), fn_(std::move(fn)) {}
  void process(Record<K, V>&& record) override {
    std::vector<V2> outs;
    if (!this->guarded([&] {
          for (auto&& v :
               invoke_value_mapper(fn_, record.key(), record.value())) {
            outs.emplace_back(std::forward<decltype(v)>(v));
          }
        })) {
      return;
    }
    if (outs.empty()) {
      this->context().on_dropped(this->name());
      return;
    }
    for (auto& v : outs) {
      Record<K, V> copy(record);
      this->out_.forward(std::move(copy).with_value(std::move(v)));
    }
  }

 private:
  F fn_;
};

// peek: calls f(key, value) and forwards the record unchanged. An exception
// from f goes to the error policy and the record is not forwarded.
template <typename K, typename V, typename F>
class PeekNode final : public OperatorNode<K, V, K, V> {
 public:
  PeekNode(std::string name, F fn)
      : OperatorNode<K, V, K, V>(std::move(name)), fn_(std::move(fn)) {}
  void process(Record<K, V>&& record) override {
    if (this->guarded([&] { fn_(record.key(), record.value()); })) {
      this->out_.forward(std::move(record));
    }
  }

 private:
  F fn_;
};

// foreach: calls f(key, value); terminal.
template <typename K, typename V, typename F>
class ForeachNode final : public TerminalNode<K, V> {
 public:
  ForeachNode(std::string name, F fn)
      : TerminalNode<K, V>(std::move(name)), fn_(std::move(fn)) {}
  void process(Record<K, V>&& record) override {
    (void)this->guarded([&] { fn_(record.key(), record.value()); });
  }

 private:
  F fn_;
};

// merge and branch children: forward unchanged.
template <typename K, typename V>
class PassThroughNode final : public OperatorNode<K, V, K, V> {
 public:
  using OperatorNode<K, V, K, V>::OperatorNode;
  void process(Record<K, V>&& record) override {
    this->out_.forward(std::move(record));
  }
};

// split(): sends each record to the first branch whose predicate holds
// (children are connected in branch order); a record no predicate accepts is
// dropped and counted.
template <typename K, typename V>
class SplitNode final : public OperatorNode<K, V, K, V> {
 public:
  using Predicate = std::function<bool(const K&, const V&)>;
  SplitNode(std::string name, std::vector<Predicate> predicates)
      : OperatorNode<K, V, K, V>(std::move(name)),
        predicates_(std::move(predicates)) {}
  void init(TaskContext& context) override {
    OperatorNode<K, V, K, V>::init(context);
    if (this->out_.size() != predicates_.size()) {
      throw TopologyError("split " + this->name() + " has " +
                          std::to_string(predicates_.size()) +
                          " branches but " + std::to_string(this->out_.size()) +
                          " children");
    }
  }
  void process(Record<K, V>&& record) override {
    std::size_t match = predicates_.size();
    if (!this->guarded([&] {
          for (std::size_t i = 0; i < predicates_.size(); ++i) {
            if (predicates_[i](record.key(), record.value())) {
              match = i;
              return;
            }
          }
        })) {
      return;
    }
    if (match == predicates_.size()) {
      this->context().on_dropped(this->name());
      return;
    }
    this->out_.forward_to_index(std::move(record), match);
  }

 private:
  std::vector<Predicate> predicates_;
};

}  // namespace sluice::detail

#endif  // SLUICE_DETAIL_OPERATORS_H_
