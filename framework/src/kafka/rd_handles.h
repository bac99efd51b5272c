// RAII ownership of librdkafka handles. Every librdkafka object sluice
// creates lives in one of these unique_ptrs; nothing is freed by hand.
#ifndef SLUICE_SRC_KAFKA_RD_HANDLES_H_
#define SLUICE_SRC_KAFKA_RD_HANDLES_H_

#include <librdkafka/rdkafka.h>

#include <memory>

namespace sluice::kafka {

template <auto Destroy>
struct RdDeleter {
  template <typename T>
  void operator()(T* p) const noexcept {
    if (p != nullptr) Destroy(p);
  }
};

// A client (producer or consumer). Destroying a consumer closes it if it was
// not closed (librdkafka's default); StreamThread closes it explicitly first.
using ClientPtr = std::unique_ptr<rd_kafka_t, RdDeleter<&rd_kafka_destroy>>;
using ConfPtr =
    std::unique_ptr<rd_kafka_conf_t, RdDeleter<&rd_kafka_conf_destroy>>;
using TopicPtr =
    std::unique_ptr<rd_kafka_topic_t, RdDeleter<&rd_kafka_topic_destroy>>;
using PartitionListPtr =
    std::unique_ptr<rd_kafka_topic_partition_list_t,
                    RdDeleter<&rd_kafka_topic_partition_list_destroy>>;
using MessagePtr =
    std::unique_ptr<rd_kafka_message_t, RdDeleter<&rd_kafka_message_destroy>>;
using ErrorPtr =
    std::unique_ptr<rd_kafka_error_t, RdDeleter<&rd_kafka_error_destroy>>;
using HeadersPtr =
    std::unique_ptr<rd_kafka_headers_t, RdDeleter<&rd_kafka_headers_destroy>>;
using EventPtr =
    std::unique_ptr<rd_kafka_event_t, RdDeleter<&rd_kafka_event_destroy>>;
using QueuePtr =
    std::unique_ptr<rd_kafka_queue_t, RdDeleter<&rd_kafka_queue_destroy>>;
using MetadataPtr = std::unique_ptr<const rd_kafka_metadata_t,
                                    RdDeleter<&rd_kafka_metadata_destroy>>;

}  // namespace sluice::kafka

#endif  // SLUICE_SRC_KAFKA_RD_HANDLES_H_
