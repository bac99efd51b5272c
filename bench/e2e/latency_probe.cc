#include "latency_probe.h"

#include <charconv>
#include <cstdint>
#include <stdexcept>

#include "rd_client.h"
#include "reading_source.h"

namespace e2e {
namespace {

using sluice::kafka::ClientPtr;
using sluice::kafka::PartitionListPtr;

// The stamp of `m` (steady_clock ns), or -1 when it has none.
std::int64_t stamp_of(const rd_kafka_message_t& m) {
  rd_kafka_headers_t* headers = nullptr;
  if (rd_kafka_message_headers(&m, &headers) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return -1;
  }
  const void* value = nullptr;
  std::size_t size = 0;
  if (rd_kafka_header_get_last(headers, kStampHeader.data(), &value, &size) !=
          RD_KAFKA_RESP_ERR_NO_ERROR ||
      value == nullptr) {
    return -1;
  }
  const char* text = static_cast<const char*>(value);
  std::int64_t ns = -1;
  std::from_chars(text, text + size, ns);
  return ns;
}

}  // namespace

LatencyProbe::LatencyProbe(const std::string& bootstrap,
                           const std::string& topic, int partitions) {
  thread_ = std::thread([this, bootstrap, topic, partitions] {
    try {
      read(bootstrap, topic, partitions);
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  });
}

LatencyProbe::~LatencyProbe() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

std::vector<double> LatencyProbe::stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  if (!error_.empty()) throw std::runtime_error("latency probe: " + error_);
  return latencies_ms_;
}

void LatencyProbe::read(const std::string& bootstrap, const std::string& topic,
                        int partitions) {
  ClientPtr consumer =
      make_client(RD_KAFKA_CONSUMER, {{"bootstrap.servers", bootstrap},
                                      {"group.id", "e2e-latency-probe"},
                                      {"enable.auto.commit", "false"},
                                      {"isolation.level", "read_committed"},
                                      {"fetch.wait.max.ms", "10"}});
  PartitionListPtr list(rd_kafka_topic_partition_list_new(partitions));
  for (int p = 0; p < partitions; ++p) {
    std::int64_t low = 0;
    std::int64_t high = 0;
    if (rd_kafka_query_watermark_offsets(consumer.get(), topic.c_str(), p, &low,
                                         &high,
                                         10000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
      throw std::runtime_error("no end offsets of " + topic);
    }
    rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), p)->offset =
        high;
  }
  if (rd_kafka_assign(consumer.get(), list.get()) !=
      RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw std::runtime_error("cannot assign " + topic);
  }
  while (!stop_) {
    sluice::kafka::MessagePtr m(rd_kafka_consumer_poll(consumer.get(), 50));
    if (!m || m->err != RD_KAFKA_RESP_ERR_NO_ERROR) continue;
    const std::int64_t now = steady_ns();
    const std::int64_t sent = stamp_of(*m);
    if (sent > 0) {
      latencies_ms_.push_back(static_cast<double>(now - sent) / 1e6);
      seen_ = latencies_ms_.size();
    }
  }
  rd_kafka_consumer_close(consumer.get());
}

}  // namespace e2e
