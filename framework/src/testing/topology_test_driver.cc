#include "sluice/testing/topology_test_driver.h"

#include <deque>
#include <map>

#include "dsl/topology_data.h"
#include "observe/metrics_registry.h"
#include "runtime/record_sink.h"
#include "runtime/task.h"
#include "state/in_memory_key_value_store.h"

namespace sluice::testing {

struct TopologyTestDriver::Impl final : RecordSink {
  Impl(Topology t, StreamsConfig::Properties properties)
      : topology(std::move(t)),
        config(StreamsConfig::for_testing(std::move(properties))) {
    const detail::TopologyData& data = topology.data();
    for (const auto& [topic, sub] : data.subtopology_of_topic) {
      subtopology_of[data.resolve(config.application_id(), topic)] = sub;
    }
    TaskServices services;
    services.config = &config;
    services.sink = this;
    services.metrics = &metrics;
    services.thread_id = "test-driver";
    services.changelogs = false;
    services.node_metrics = true;
    services.wall_clock = [this] { return wall_clock_ms; };
    services.open_store = [](const detail::StoreSpec& spec, const std::string&,
                             std::int32_t)
        -> StatusOr<std::shared_ptr<state::KeyValueBytesStore>> {
      return std::shared_ptr<state::KeyValueBytesStore>(
          std::make_shared<state::InMemoryKeyValueStore>(spec.name));
    };
    for (const auto& sub : data.subtopologies) {
      tasks.push_back(std::make_unique<Task>(data, sub.id, 0, services));
      tasks.back()->initialize();
    }
  }

  std::int64_t last_offset(std::string_view topic,
                           std::int32_t) const override {
    auto it = topics.find(std::string(topic));
    return it == topics.end()
               ? -1
               : static_cast<std::int64_t>(it->second.size()) - 1;
  }

  // Kafka Streams' test driver commits after every input record: caches
  // are flushed, so tables forward one update per record.
  void commit() {
    for (auto& task : tasks) {
      task->flush_nodes();
      task->log_stores();
      task->write_stores().throw_if_error();
    }
  }

  // Records sent to a topic that a sub-topology reads are fed back to it
  // after the current record finishes, in FIFO order (no recursion, so a
  // chain of sub-topologies keeps a bounded stack).
  void send(const detail::OutgoingRecord& r) override {
    RawTestRecord copy;
    if (r.key) copy.key = std::string(*r.key);
    if (r.value) copy.value = std::string(*r.value);
    copy.timestamp_ms = r.timestamp_ms;
    if (r.headers != nullptr) copy.headers = *r.headers;
    const std::string topic(r.topic);
    if (subtopology_of.count(topic) != 0) internal.emplace_back(topic, copy);
    topics[topic].push_back(std::move(copy));
  }

  void process(const std::string& topic, const RawTestRecord& record) {
    auto it = subtopology_of.find(topic);
    if (it == subtopology_of.end()) {
      throw std::invalid_argument("no source reads topic " + topic);
    }
    detail::RawRecord raw;
    raw.topic = topic;
    raw.partition = 0;
    raw.offset = next_offset[topic]++;
    raw.timestamp_ms = record.timestamp_ms;
    if (record.key) raw.key = *record.key;
    if (record.value) raw.value = *record.value;
    raw.headers = record.headers.empty() ? nullptr : &record.headers;
    tasks.at(it->second)->process(raw);
  }

  Topology topology;
  StreamsConfig config;
  MetricsRegistry metrics;
  std::vector<std::unique_ptr<Task>> tasks;
  std::map<std::string, std::deque<RawTestRecord>> topics;
  std::deque<std::pair<std::string, RawTestRecord>> internal;
  std::map<std::string, std::int64_t> next_offset;
  // Source topics as named on the "cluster" (repartition topics prefixed).
  std::map<std::string, int> subtopology_of;
  std::int64_t wall_clock_ms = 0;
};

TopologyTestDriver::TopologyTestDriver(const Topology& topology,
                                       StreamsConfig::Properties properties)
    : impl_(std::make_unique<Impl>(topology, std::move(properties))) {}

TopologyTestDriver::~TopologyTestDriver() {
  for (auto& task : impl_->tasks) task->close();
}

void TopologyTestDriver::pipe_raw(const std::string& topic,
                                  const RawTestRecord& record) {
  impl_->process(topic, record);
  impl_->commit();
  while (!impl_->internal.empty()) {
    auto [next_topic, next] = std::move(impl_->internal.front());
    impl_->internal.pop_front();
    impl_->process(next_topic, next);
    impl_->commit();
  }
}

std::vector<RawTestRecord> TopologyTestDriver::read_raw(
    const std::string& topic, std::size_t max) {
  std::vector<RawTestRecord> out;
  auto it = impl_->topics.find(topic);
  if (it == impl_->topics.end()) return out;
  while (!it->second.empty() && out.size() < max) {
    out.push_back(std::move(it->second.front()));
    it->second.pop_front();
  }
  return out;
}

std::size_t TopologyTestDriver::queued(const std::string& topic) const {
  auto it = impl_->topics.find(topic);
  return it == impl_->topics.end() ? 0 : it->second.size();
}

void TopologyTestDriver::advance_wall_clock_time(std::chrono::milliseconds by) {
  impl_->wall_clock_ms += by.count();
  for (auto& task : impl_->tasks)
    task->punctuate_wall_clock(impl_->wall_clock_ms);
  impl_->commit();
}

std::int64_t TopologyTestDriver::wall_clock_ms() const noexcept {
  return impl_->wall_clock_ms;
}

std::vector<MetricValue> TopologyTestDriver::metrics() const {
  return impl_->metrics.snapshot();
}

}  // namespace sluice::testing
