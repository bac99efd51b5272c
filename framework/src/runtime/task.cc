#include "runtime/task.h"

#include <exception>

#include "sluice/log.h"

namespace sluice {
namespace {

std::string describe_exception(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown exception (not derived from std::exception)";
  }
}

std::string position(const detail::RawRecord* raw) {
  if (raw == nullptr) return "no input record";
  return std::string(raw->topic) + "-" + std::to_string(raw->partition) + "@" +
         std::to_string(raw->offset);
}

}  // namespace

Task::Task(const detail::TopologyData& topology, int subtopology,
           std::int32_t partition, TaskServices services)
    : subtopology_(subtopology),
      partition_(partition),
      id_(std::to_string(subtopology) + "_" + std::to_string(partition)),
      services_(std::move(services)),
      log_context_{services_.config->application_id(), services_.thread_id,
                   id_} {
  const MetricsRegistry::Tags tags = {{"thread-id", services_.thread_id},
                                      {"task-id", id_}};
  const std::string group = "stream-task-metrics";
  MetricsRegistry& m = *services_.metrics;
  processed_ = &m.counter("process-total", group, tags);
  dropped_ = &m.counter("dropped-records-total", group, tags);
  skipped_ = &m.counter("skipped-records-total", group, tags);
  dead_lettered_ = &m.counter("dead-letter-records-total", group, tags);
  produced_ = &m.counter("produce-total", group, tags);
  late_ = &m.counter("late-records-total", group, tags);

  for (const auto& [topic, writer] : topology.internal_topic_writer) {
    internal_names_[topic] =
        topology.resolve(services_.config->application_id(), topic);
  }
  const detail::SubtopologyData& sub = topology.subtopologies.at(subtopology);
  std::map<detail::NodeId, detail::ProcessorNodeBase*> by_id;
  for (detail::NodeId id : sub.nodes) {
    const detail::NodeSpec& spec = topology.nodes[id];
    for (const detail::StoreSpec& store : spec.stores) open_store(store);
    nodes_.push_back(spec.factory(spec.name));
    detail::ProcessorNodeBase* node = nodes_.back().get();
    if (services_.node_metrics) {
      node->count_into(&m.counter("process-total",
                                  "stream-processor-node-metrics",
                                  {{"thread-id", services_.thread_id},
                                   {"task-id", id_},
                                   {"processor-node-id", spec.name}}));
    }
    by_id[id] = node;
    for (detail::NodeId parent : spec.parents) by_id.at(parent)->connect(*node);
    if (spec.kind == detail::NodeKind::kSource) {
      auto* source = dynamic_cast<detail::SourceNodeBase*>(node);
      for (const std::string& topic : spec.topics) {
        sources_[topology.resolve(services_.config->application_id(), topic)] =
            source;
      }
    }
  }
}

void Task::open_store(const detail::StoreSpec& spec) {
  for (const auto& s : stores_) {
    if (s->name() == spec.name) return;
  }
  StatusOr<std::shared_ptr<state::KeyValueBytesStore>> inner =
      services_.open_store(spec, id_, partition_);
  inner.status().throw_if_error();
  const MetricsRegistry::Tags tags = {{"thread-id", services_.thread_id},
                                      {"task-id", id_},
                                      {"store", spec.name}};
  store_metrics_.push_back(
      {&services_.metrics->gauge("estimate-num-keys", "stream-state-metrics",
                                 tags),
       &services_.metrics->gauge("cache-size-bytes", "stream-state-metrics",
                                 tags),
       &services_.metrics->counter("flushed-records-total",
                                   "stream-state-metrics", tags)});
  const std::size_t cache_bytes =
      services_.store_cache_bytes.value_or(services_.config->cache_max_bytes());
  stores_.push_back(std::make_unique<state::TaskStore>(
      spec.name, std::move(*inner),
      services_.changelogs
          ? changelog_topic(services_.config->application_id(), spec.name)
          : std::string(),
      partition_, cache_bytes));
  dirty_budget_ += cache_bytes;
}

void Task::initialize() {
  for (auto& node : nodes_) node->init(*this);
  // Expiry decided while initializing is on committed state (e.g. windows
  // restored from the changelog that are past their retention): apply it now.
  for (auto& store : stores_) {
    if (Status s = store->apply_expired(); !s.ok()) {
      throw std::runtime_error("store " + store->name() + ": " + s.to_string());
    }
  }
  initialized_ = true;
}

std::string changelog_topic(std::string_view application_id,
                            std::string_view store) {
  std::string out(application_id);
  out.append("-").append(store).append("-changelog");
  return out;
}

Task::~Task() { close(); }

void Task::close() {
  if (closed_) return;
  closed_ = true;
  if (services_.on_close) services_.on_close(id_);
  if (!initialized_) return;  // revoked while restoring: nothing to close
  for (auto& node : nodes_) {
    try {
      node->close();
    } catch (const std::exception& e) {
      log(LogLevel::kWarn, log_context_,
          "closing node " + node->name() + " failed: " + e.what());
    }
  }
}

void Task::process(const detail::RawRecord& raw) {
  auto it = sources_.find(raw.topic);
  if (it == sources_.end()) {
    throw StreamsFatalError("task " + id_ + " has no source for topic " +
                            std::string(raw.topic));
  }
  current_ = &raw;
  processed_->add();
  it->second->process_raw(raw);
  std::size_t cached = 0;
  for (const auto& store : stores_) cached += store->dirty_bytes();
  if (cached > dirty_budget_) commit_requested_ = true;
  run_punctuators(detail::PunctuationType::kStreamTime, stream_time_);
  current_ = nullptr;
}

void Task::flush_nodes() {
  commit_requested_ = false;
  for (auto& node : nodes_) node->flush();
  const std::int64_t now = wall_clock_ms();
  skip_log_.flush(now, LogLevel::kWarn, log_context_);
  dead_letter_log_.flush(now, LogLevel::kWarn, log_context_);
}

void Task::log_stores() {
  for (auto& store : stores_) store->log_dirty(*services_.sink);
}

Status Task::write_stores() {
  for (std::size_t i = 0; i < stores_.size(); ++i) {
    const std::size_t entries = stores_[i]->pending_entries();
    if (Status s = stores_[i]->write_pending(*services_.sink); !s.ok())
      return s;
    const StoreMetrics& m = store_metrics_[i];
    m.keys->set(static_cast<double>(stores_[i]->inner()->approximate_size()));
    m.cache_bytes->set(static_cast<double>(stores_[i]->cached_bytes()));
    m.flushed->add_from_owner(entries);
  }
  return {};
}

void Task::discard_store_writes() {
  for (auto& store : stores_) store->discard_dirty();
}

detail::StateStoreBase& Task::state_store(std::string_view name) {
  for (auto& store : stores_) {
    if (store->name() == name) return *store;
  }
  throw TopologyError("task " + id_ + " has no store named " +
                      std::string(name));
}

void Task::on_late(std::string_view node, std::string_view late_topic) {
  if (late_topic.empty() || current_ == nullptr) {
    late_->add();
    return;
  }
  on_late(node, input_to(late_topic, current_->headers));
}

void Task::on_late(std::string_view node, const detail::OutgoingRecord& copy) {
  late_->add();
  Headers headers = copy.headers != nullptr ? *copy.headers : Headers{};
  headers.add("sluice.late.node", std::string(node));
  headers.add("sluice.late.stream_time", std::to_string(stream_time_));
  detail::OutgoingRecord out = copy;
  out.headers = &headers;
  services_.sink->send(out);
}

detail::OutgoingRecord Task::input_to(std::string_view topic,
                                      const Headers* headers) const {
  detail::OutgoingRecord out;
  out.topic = topic;
  out.key = current_->key;
  out.value = current_->value;
  out.timestamp_ms = current_->timestamp_ms;
  out.headers = headers;
  return out;
}

void Task::schedule(std::int64_t interval_ms, detail::PunctuationType type,
                    std::function<void(std::int64_t)> callback) {
  if (interval_ms <= 0) {
    throw std::invalid_argument("punctuation interval must be positive");
  }
  const std::int64_t now = type == detail::PunctuationType::kStreamTime
                               ? std::max<std::int64_t>(stream_time_, 0)
                               : wall_clock_ms();
  punctuators_.push_back(
      {interval_ms, type, now + interval_ms, std::move(callback)});
}

void Task::run_punctuators(detail::PunctuationType type, std::int64_t now_ms) {
  for (Punctuator& p : punctuators_) {
    if (p.type != type || now_ms < p.next_ms) continue;
    p.callback(now_ms);
    // Catch up without firing once per missed interval.
    p.next_ms = now_ms - (now_ms - p.next_ms) % p.interval_ms + p.interval_ms;
  }
}

void Task::punctuate_wall_clock(std::int64_t now_ms) {
  run_punctuators(detail::PunctuationType::kWallClockTime, now_ms);
}

std::int64_t Task::wall_clock_ms() const noexcept {
  return services_.wall_clock ? services_.wall_clock() : 0;
}

void Task::on_error(ErrorKind kind, std::string_view node,
                    std::exception_ptr error) {
  const std::string message = describe_exception(error);
  const ErrorPolicy policy = kind == ErrorKind::kDeserialization
                                 ? services_.config->deserialization_policy()
                                 : services_.config->processing_policy();
  const std::string what = std::string(error_kind_name(kind)) + " at node " +
                           std::string(node) + " for record " +
                           position(current_) + ": " + message;
  switch (policy) {
    case ErrorPolicy::kFail:
      log(LogLevel::kError, log_context_,
          what + " (policy fail: stopping the stream thread)");
      throw StreamsFatalError("task " + id_ + ": " + what);
    case ErrorPolicy::kLogAndContinue:
      skipped_->add();
      skip_log_.note(wall_clock_ms(), LogLevel::kWarn, log_context_,
                     what + " (skipped)");
      return;
    case ErrorPolicy::kDeadLetter:
      dead_letter(kind, node, message);
      dead_letter_log_.note(wall_clock_ms(), LogLevel::kWarn, log_context_,
                            what + " (dead-lettered to " +
                                services_.config->dead_letter_topic() + ")");
      return;
  }
}

void Task::dead_letter(ErrorKind kind, std::string_view node,
                       const std::string& message) {
  if (current_ == nullptr) {
    throw StreamsFatalError("task " + id_ +
                            ": cannot dead-letter outside of "
                            "processing (at node " +
                            std::string(node) + ")");
  }
  dlq_headers_ = current_->headers != nullptr ? *current_->headers : Headers{};
  dlq_headers_.add(std::string(kDlqHeaderReason),
                   std::string(error_kind_name(kind)));
  dlq_headers_.add(std::string(kDlqHeaderMessage), message);
  dlq_headers_.add(std::string(kDlqHeaderNode), std::string(node));
  dlq_headers_.add(std::string(kDlqHeaderTopic), std::string(current_->topic));
  dlq_headers_.add(std::string(kDlqHeaderPartition),
                   std::to_string(current_->partition));
  dlq_headers_.add(std::string(kDlqHeaderOffset),
                   std::to_string(current_->offset));
  dlq_headers_.add(std::string(kDlqHeaderTimestamp),
                   std::to_string(current_->timestamp_ms));
  services_.sink->send(
      input_to(services_.config->dead_letter_topic(), &dlq_headers_));
  dead_lettered_->add();
}

void Task::on_dropped(std::string_view /*node*/) { dropped_->add(); }

void Task::send(const detail::OutgoingRecord& record) {
  produced_->add();
  if (!internal_names_.empty()) {
    if (auto it = internal_names_.find(record.topic);
        it != internal_names_.end()) {
      detail::OutgoingRecord resolved = record;
      resolved.topic = it->second;
      services_.sink->send(resolved);
      return;
    }
  }
  services_.sink->send(record);
}

std::string_view Task::application_id() const noexcept {
  return services_.config->application_id();
}

}  // namespace sluice
