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

// Logs the first ten occurrences and then every power of two, so that a
// burst of bad records cannot flood the log while the counts stay exact.
bool worth_logging(std::uint64_t count) {
  return count <= 10 || (count & (count - 1)) == 0;
}

}  // namespace

Task::Task(const detail::TopologyData& topology, int subtopology,
           std::int32_t partition, TaskServices services)
    : subtopology_(subtopology),
      partition_(partition),
      id_(std::to_string(subtopology) + "_" + std::to_string(partition)),
      services_(std::move(services)) {
  const MetricsRegistry::Tags tags = {{"thread-id", services_.thread_id},
                                      {"task-id", id_}};
  const std::string group = "stream-task-metrics";
  MetricsRegistry& m = *services_.metrics;
  processed_ = &m.counter("process-total", group, tags);
  dropped_ = &m.counter("dropped-records-total", group, tags);
  skipped_ = &m.counter("skipped-records-total", group, tags);
  dead_lettered_ = &m.counter("dead-letter-records-total", group, tags);
  produced_ = &m.counter("produce-total", group, tags);

  const detail::SubtopologyData& sub = topology.subtopologies.at(subtopology);
  std::map<detail::NodeId, detail::ProcessorNodeBase*> by_id;
  for (detail::NodeId id : sub.nodes) {
    const detail::NodeSpec& spec = topology.nodes[id];
    nodes_.push_back(spec.factory(spec.name));
    detail::ProcessorNodeBase* node = nodes_.back().get();
    by_id[id] = node;
    for (detail::NodeId parent : spec.parents) by_id.at(parent)->connect(*node);
    if (spec.kind == detail::NodeKind::kSource) {
      auto* source = dynamic_cast<detail::SourceNodeBase*>(node);
      for (const std::string& topic : spec.topics) sources_[topic] = source;
    }
  }
  for (auto& node : nodes_) node->init(*this);
}

Task::~Task() { close(); }

void Task::close() {
  if (closed_) return;
  closed_ = true;
  for (auto& node : nodes_) {
    try {
      node->close();
    } catch (const std::exception& e) {
      log(LogLevel::kWarn, "task " + id_,
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
  if (raw.timestamp_ms > stream_time_) stream_time_ = raw.timestamp_ms;
  processed_->add();
  it->second->process_raw(raw);
  current_ = nullptr;
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
      log(LogLevel::kError, "task " + id_,
          what + " (policy fail: stopping the stream thread)");
      throw StreamsFatalError("task " + id_ + ": " + what);
    case ErrorPolicy::kLogAndContinue:
      skipped_->add();
      if (worth_logging(skipped_->value())) {
        log(LogLevel::kWarn, "task " + id_,
            what + " (skipped; " + std::to_string(skipped_->value()) +
                " so far)");
      }
      return;
    case ErrorPolicy::kDeadLetter:
      dead_letter(kind, node, message);
      if (worth_logging(dead_lettered_->value())) {
        log(LogLevel::kWarn, "task " + id_,
            what + " (dead-lettered to " +
                services_.config->dead_letter_topic() + "; " +
                std::to_string(dead_lettered_->value()) + " so far)");
      }
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
  detail::OutgoingRecord out;
  out.topic = services_.config->dead_letter_topic();
  out.key = current_->key;
  out.value = current_->value;
  out.timestamp_ms = current_->timestamp_ms;
  out.headers = &dlq_headers_;
  services_.sink->send(out);
  dead_lettered_->add();
}

void Task::on_dropped(std::string_view /*node*/) { dropped_->add(); }

void Task::send(const detail::OutgoingRecord& record) {
  services_.sink->send(record);
  produced_->add();
}

std::string_view Task::application_id() const noexcept {
  return services_.config->application_id();
}

}  // namespace sluice
