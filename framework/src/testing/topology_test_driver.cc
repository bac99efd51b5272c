#include "sluice/testing/topology_test_driver.h"

#include <deque>
#include <map>

#include "dsl/topology_data.h"
#include "observe/metrics_registry.h"
#include "runtime/record_sink.h"
#include "runtime/task.h"

namespace sluice::testing {

struct TopologyTestDriver::Impl final : RecordSink {
  Impl(Topology t, StreamsConfig::Properties properties)
      : topology(std::move(t)), config(StreamsConfig::for_testing(std::move(properties))) {
    const detail::TopologyData& data = topology.data();
    for (const auto& sub : data.subtopologies) {
      TaskServices services{&config, this, &metrics, "test-driver"};
      tasks.push_back(std::make_unique<Task>(data, sub.id, 0, services));
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
    if (topology.data().subtopology_of_topic.count(topic) != 0) {
      internal.emplace_back(topic, copy);
    }
    topics[topic].push_back(std::move(copy));
  }

  void process(const std::string& topic, const RawTestRecord& record) {
    auto it = topology.data().subtopology_of_topic.find(topic);
    if (it == topology.data().subtopology_of_topic.end()) {
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
  while (!impl_->internal.empty()) {
    auto [next_topic, next] = std::move(impl_->internal.front());
    impl_->internal.pop_front();
    impl_->process(next_topic, next);
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
}

std::int64_t TopologyTestDriver::wall_clock_ms() const noexcept {
  return impl_->wall_clock_ms;
}

std::vector<MetricValue> TopologyTestDriver::metrics() const {
  return impl_->metrics.snapshot();
}

}  // namespace sluice::testing
