// INTERNAL. Source and sink nodes (bytes <-> typed records) and the node that
// runs a user Processor.
#ifndef SLUICE_DETAIL_SOURCE_SINK_H_
#define SLUICE_DETAIL_SOURCE_SINK_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "sluice/detail/node.h"
#include "sluice/processor.h"
#include "sluice/serde.h"

namespace sluice::detail {

// A record as read from a topic, before deserialization. The views stay valid
// while the record is processed.
struct RawRecord {
  std::string_view topic;
  std::int32_t partition = -1;
  std::int64_t offset = -1;
  std::int64_t timestamp_ms = 0;
  std::optional<std::string_view> key;
  std::optional<std::string_view> value;
  const Headers* headers = nullptr;  // may be null: no headers
};

// The untyped entry point of a source node.
class SourceNodeBase {
 public:
  virtual ~SourceNodeBase() = default;
  // Deserializes `raw` and forwards it downstream. A deserialization failure
  // goes to the deserialization error policy.
  virtual void process_raw(const RawRecord& raw) = 0;
};

template <typename K, typename V>
class SourceNode final : public ProcessorNodeBase, public SourceNodeBase {
 public:
  using Extractor =
      std::function<std::int64_t(const K&, const V&, std::int64_t)>;

  SourceNode(std::string name, Serde<K> key_serde, Serde<V> value_serde,
             Extractor extractor = {})
      : ProcessorNodeBase(std::move(name)),
        key_serde_(std::move(key_serde)),
        value_serde_(std::move(value_serde)),
        extractor_(std::move(extractor)) {}

  void connect(ProcessorNodeBase& child) override { out_.add(child, name()); }

  void process_raw(const RawRecord& raw) override {
    count_received();
    std::optional<Record<K, V>> record;
    try {
      // Not `raw.headers ? *raw.headers : Headers{}`: GCC copies the empty
      // vector that expression yields.
      Headers headers;
      if (raw.headers != nullptr) headers = *raw.headers;
      record.emplace(key_serde_.deserialize(raw.key),
                     value_serde_.deserialize(raw.value), raw.timestamp_ms,
                     std::move(headers));
      if (extractor_) {
        const std::int64_t ts =
            extractor_(record->key(), record->value(), raw.timestamp_ms);
        if (ts < 0) {
          throw std::invalid_argument("the timestamp extractor returned " +
                                      std::to_string(ts));
        }
        *record = std::move(*record).with_timestamp(ts);
      }
    } catch (const StreamsFatalError&) {
      throw;
    } catch (...) {
      context().on_error(ErrorKind::kDeserialization, name(),
                         std::current_exception());
      return;
    }
    record->set_source({raw.topic, raw.partition, raw.offset});
    context().advance_stream_time(record->timestamp());
    out_.forward(std::move(*record));
  }

 private:
  Serde<K> key_serde_;
  Serde<V> value_serde_;
  Extractor extractor_;
  Forwarder<K, V> out_;
};

template <typename K, typename V>
class SinkNode final : public TerminalNode<K, V> {
 public:
  SinkNode(std::string name, std::string topic, Serde<K> key_serde,
           Serde<V> value_serde)
      : TerminalNode<K, V>(std::move(name)),
        topic_(std::move(topic)),
        key_serde_(std::move(key_serde)),
        value_serde_(std::move(value_serde)) {}

  void process(Record<K, V>&& record) override {
    // The buffers keep their capacity between records: no allocation per
    // record once they have grown to the largest record.
    key_buf_.clear();
    value_buf_.clear();
    if (!this->guarded(
            [&] {
              key_serde_.serialize(record.key(), key_buf_);
              value_serde_.serialize(record.value(), value_buf_);
            },
            ErrorKind::kSerialization)) {
      return;
    }
    OutgoingRecord out;
    out.topic = topic_;
    out.key = key_buf_;
    out.value = value_buf_;
    out.timestamp_ms = record.timestamp();
    out.headers = record.headers().empty() ? nullptr : &record.headers();
    this->context().send(out);
  }

 private:
  std::string topic_;
  Serde<K> key_serde_;
  Serde<V> value_serde_;
  std::string key_buf_;
  std::string value_buf_;
};

// Runs a user Processor<KIn,VIn,KOut,VOut> and is its ProcessorContext.
template <typename KIn, typename VIn, typename KOut, typename VOut>
class UserProcessorNode final : public OperatorNode<KIn, VIn, KOut, VOut>,
                                public ProcessorContext<KOut, VOut> {
 public:
  using UserProcessor = Processor<KIn, VIn, KOut, VOut>;

  UserProcessorNode(std::string name, std::unique_ptr<UserProcessor> processor)
      : OperatorNode<KIn, VIn, KOut, VOut>(std::move(name)),
        processor_(std::move(processor)) {}

  void init(TaskContext& context) override {
    OperatorNode<KIn, VIn, KOut, VOut>::init(context);
    processor_->init(*this);
  }
  void close() override { processor_->close(); }
  void process(Record<KIn, VIn>&& record) override {
    (void)this->guarded([&] { processor_->process(std::move(record)); });
  }

  void forward(Record<KOut, VOut> record) override {
    this->out_.forward(std::move(record));
  }
  void forward(Record<KOut, VOut> record, std::string_view child) override {
    if (!this->out_.forward_to(std::move(record), child)) {
      throw TopologyError("processor " + this->name() + " has no child named " +
                          std::string(child));
    }
  }
  std::string_view application_id() const noexcept override {
    return this->context().application_id();
  }
  const std::string& task_id() const noexcept override {
    return this->context().task_id();
  }
  std::int64_t stream_time() const noexcept override {
    return this->context().stream_time();
  }
  void schedule(std::int64_t interval_ms, PunctuationType type,
                std::function<void(std::int64_t)> callback) override {
    this->context().schedule(interval_ms, type, std::move(callback));
  }
  detail::StateStoreBase& state_store(std::string_view name) override {
    return this->context().state_store(name);
  }

 private:
  std::unique_ptr<UserProcessor> processor_;
};

}  // namespace sluice::detail

#endif  // SLUICE_DETAIL_SOURCE_SINK_H_
