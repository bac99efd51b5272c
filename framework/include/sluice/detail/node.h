// INTERNAL. The processor-node engine behind the DSL: every operator instance
// in a task is a ProcessorNodeBase; typed nodes receive Record<K,V> through
// Input<K,V>::receive (which counts it and calls process) and pass results
// on with a Forwarder.
//
// Records move through a task synchronously, depth first: forwarding calls the
// children's receive() before returning. No step allocates: records are
// moved, not copied, from node to node (copied only for the 2nd and later
// children of a node with several). Nodes of one task are used by one
// thread at a time and are not synchronised.
#ifndef SLUICE_DETAIL_NODE_H_
#define SLUICE_DETAIL_NODE_H_

#include <exception>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sluice/detail/counter.h"
#include "sluice/detail/task_context.h"
#include "sluice/errors.h"
#include "sluice/record.h"

namespace sluice::detail {

class ProcessorNodeBase {
 public:
  explicit ProcessorNodeBase(std::string name) : name_(std::move(name)) {}
  virtual ~ProcessorNodeBase() = default;
  ProcessorNodeBase(const ProcessorNodeBase&) = delete;
  ProcessorNodeBase& operator=(const ProcessorNodeBase&) = delete;

  const std::string& name() const noexcept { return name_; }

  // Counts every record this node receives into `process_total` (its
  // process-total metric); nullptr, the default: not counted. The counter
  // must outlive the node; it is updated by the thread processing the task.
  void count_into(Counter* process_total) noexcept {
    process_total_ = process_total;
  }

  // Called once, before the first record, after all nodes are connected.
  virtual void init(TaskContext& context) { context_ = &context; }
  // Called at every commit, before the stores are flushed: nodes that cache
  // table updates forward them here.
  virtual void flush() {}
  // Called once when the task closes.
  virtual void close() {}
  // Adds `child` as a successor. Throws TopologyError when `child` does not
  // accept this node's output type (a bug in the DSL, not in user code).
  virtual void connect(ProcessorNodeBase& child) = 0;

 protected:
  TaskContext& context() const noexcept { return *context_; }

  // One more record received (see count_into).
  void count_received() noexcept {
    if (process_total_ != nullptr) process_total_->add_from_owner();
  }

  // Runs `fn` (a user callable or serde) and returns true, or reports the
  // exception it threw to the error policy of `kind` and returns false.
  // StreamsFatalError (the `fail` policy firing further downstream) passes
  // through untouched.
  template <typename Fn>
  bool guarded(Fn&& fn, ErrorKind kind = ErrorKind::kProcessing) {
    try {
      std::forward<Fn>(fn)();
      return true;
    } catch (const StreamsFatalError&) {
      throw;
    } catch (...) {
      context_->on_error(kind, name_, std::current_exception());
      return false;
    }
  }

 private:
  std::string name_;
  TaskContext* context_ = nullptr;
  Counter* process_total_ = nullptr;
};

// A node that accepts Record<K,V>.
template <typename K, typename V>
class Input : public ProcessorNodeBase {
 public:
  using ProcessorNodeBase::ProcessorNodeBase;
  // What a parent calls: counts the record, then processes it.
  void receive(Record<K, V>&& record) {
    this->count_received();
    process(std::move(record));
  }
  virtual void process(Record<K, V>&& record) = 0;
};

// The successors of a node that emits Record<K,V>.
template <typename K, typename V>
class Forwarder {
 public:
  void add(ProcessorNodeBase& child, std::string_view parent) {
    auto* input = dynamic_cast<Input<K, V>*>(&child);
    if (input == nullptr) {
      throw TopologyError("node " + child.name() +
                          " cannot accept the output type of " +
                          std::string(parent));
    }
    children_.push_back(input);
  }

  // Passes `record` to every child, in connection order. Copies for all but
  // the last child; the last one gets the record moved.
  void forward(Record<K, V>&& record) {
    const std::size_t n = children_.size();
    if (n == 0) return;
    for (std::size_t i = 0; i + 1 < n; ++i) {
      children_[i]->receive(Record<K, V>(record));
    }
    children_.back()->receive(std::move(record));
  }

  // Passes `record` to the child named `child`. Returns false when there is
  // no such child.
  bool forward_to(Record<K, V>&& record, std::string_view child) {
    for (Input<K, V>* c : children_) {
      if (c->name() == child) {
        c->receive(std::move(record));
        return true;
      }
    }
    return false;
  }

  // Passes `record` to the child at `index`. REQUIRES: index < size().
  void forward_to_index(Record<K, V>&& record, std::size_t index) {
    children_[index]->receive(std::move(record));
  }

  std::size_t size() const noexcept { return children_.size(); }

 private:
  std::vector<Input<K, V>*> children_;
};

// A node with input Record<KIn,VIn> and output Record<KOut,VOut>.
template <typename KIn, typename VIn, typename KOut, typename VOut>
class OperatorNode : public Input<KIn, VIn> {
 public:
  using Input<KIn, VIn>::Input;
  void connect(ProcessorNodeBase& child) override {
    out_.add(child, this->name());
  }

 protected:
  Forwarder<KOut, VOut> out_;
};

// A node with no successors (foreach, sinks).
template <typename K, typename V>
class TerminalNode : public Input<K, V> {
 public:
  using Input<K, V>::Input;
  void connect(ProcessorNodeBase& child) override {
    throw TopologyError("node " + this->name() +
                        " is terminal and cannot forward to " + child.name());
  }
};

}  // namespace sluice::detail

#endif  // SLUICE_DETAIL_NODE_H_
