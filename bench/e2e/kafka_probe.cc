#include "kafka_probe.h"

#include <chrono>
#include <set>
#include <stdexcept>

#include "rd_client.h"

namespace e2e {

using sluice::kafka::ClientPtr;
using sluice::kafka::PartitionListPtr;

KafkaProbe::KafkaProbe(const std::string& bootstrap, const std::string& group)
    : consumer_(
          make_client(RD_KAFKA_CONSUMER,
                      {{"bootstrap.servers", bootstrap},
                       {"group.id", group},
                       {"enable.auto.commit", "false"},
                       // read_committed (librdkafka's default) asks for
                       // stable offsets: while the group's transaction is
                       // open the broker answers UNSTABLE_OFFSET_COMMIT, and
                       // rd_kafka_committed retries until its timeout. Under
                       // exactly_once_v2 one almost always is.
                       {"isolation.level", "read_uncommitted"}})) {}

std::int64_t KafkaProbe::end_offsets(const std::string& topic, int partitions) {
  std::int64_t sum = 0;
  for (int p = 0; p < partitions; ++p) {
    std::int64_t low = 0;
    std::int64_t high = 0;
    if (rd_kafka_query_watermark_offsets(consumer_.get(), topic.c_str(), p,
                                         &low, &high,
                                         5000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return -1;
    }
    sum += high;
  }
  return sum;
}

std::int64_t KafkaProbe::committed(const std::string& topic, int partitions) {
  PartitionListPtr list(rd_kafka_topic_partition_list_new(partitions));
  for (int p = 0; p < partitions; ++p) {
    rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), p);
  }
  if (rd_kafka_committed(consumer_.get(), list.get(), 5000) !=
      RD_KAFKA_RESP_ERR_NO_ERROR) {
    return -1;
  }
  std::int64_t sum = 0;
  for (int i = 0; i < list->cnt; ++i) {
    if (list->elems[i].err != RD_KAFKA_RESP_ERR_NO_ERROR) return -1;
    if (list->elems[i].offset > 0) sum += list->elems[i].offset;
  }
  return sum;
}

std::uint64_t count_records(const std::string& bootstrap,
                            const std::string& topic, int partitions) {
  ClientPtr consumer =
      make_client(RD_KAFKA_CONSUMER, {{"bootstrap.servers", bootstrap},
                                      {"group.id", "e2e-counter"},
                                      {"enable.auto.commit", "false"},
                                      {"isolation.level", "read_committed"},
                                      {"enable.partition.eof", "true"}});
  PartitionListPtr list(rd_kafka_topic_partition_list_new(partitions));
  for (int p = 0; p < partitions; ++p) {
    rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), p)->offset =
        RD_KAFKA_OFFSET_BEGINNING;
  }
  if (rd_kafka_assign(consumer.get(), list.get()) !=
      RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw std::runtime_error("cannot assign " + topic);
  }
  std::uint64_t count = 0;
  std::set<std::int32_t> at_end;
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::minutes(1);
  while (static_cast<int>(at_end.size()) < partitions) {
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("counting " + topic + ": no end in a minute");
    }
    sluice::kafka::MessagePtr m(rd_kafka_consumer_poll(consumer.get(), 500));
    if (!m) continue;
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      at_end.insert(m->partition);
    } else if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      ++count;
      at_end.erase(m->partition);
    }
  }
  rd_kafka_consumer_close(consumer.get());
  return count;
}

}  // namespace e2e
