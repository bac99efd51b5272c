// Topology: the immutable, validated graph made by StreamsBuilder::build().
//
// The same Topology runs in the TopologyTestDriver and on Kafka. describe()
// prints it in Kafka Streams' text format, so existing visualisers render it.
//
// Thread-safety: immutable; share freely.
#ifndef SLUICE_TOPOLOGY_H_
#define SLUICE_TOPOLOGY_H_

#include <memory>
#include <string>
#include <vector>

namespace sluice {

namespace detail {
struct TopologyData;
}

class Topology {
 public:
  // Kafka Streams' TopologyDescription text:
  //   Topologies:
  //      Sub-topology: 0
  //       Source: NAME (topics: [a, b])
  //         --> CHILD
  //       Processor: NAME (stores: [])
  //         --> CHILD
  //         <-- PARENT
  //       Sink: NAME (topic: out)
  //         <-- PARENT
  std::string describe() const;

  // The topics read by sources, sorted.
  std::vector<std::string> source_topics() const;
  // The topics written by sinks (and dead-letter topics are not included),
  // sorted.
  std::vector<std::string> sink_topics() const;

  // INTERNAL: the runtime's view.
  const detail::TopologyData& data() const noexcept { return *data_; }
  explicit Topology(std::shared_ptr<const detail::TopologyData> data)
      : data_(std::move(data)) {}

 private:
  std::shared_ptr<const detail::TopologyData> data_;
};

}  // namespace sluice

#endif  // SLUICE_TOPOLOGY_H_
