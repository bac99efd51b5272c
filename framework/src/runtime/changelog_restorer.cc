#include "runtime/changelog_restorer.h"

#include <vector>

#include "kafka/client_factory.h"
#include "sluice/log.h"

namespace sluice {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kBatch = 10'000;
constexpr std::chrono::seconds kProgressEvery{5};
constexpr std::chrono::minutes kStallTimeout{5};

// Deletes every entry of `store` and resets its changelog offset.
Status clear(state::KeyValueBytesStore& store) {
  std::vector<state::BytesWrite> deletes;
  Status s = store.all([&](std::string_view key, std::string_view) {
    deletes.push_back({std::string(key), std::nullopt});
    return true;
  });
  if (!s.ok()) return s;
  return store.write_batch(deletes, 0);
}

}  // namespace

ChangelogRestorer::ChangelogRestorer(const StreamsConfig& config,
                                     std::string thread_name,
                                     MetricsRegistry& metrics)
    : config_(config), name_(std::move(thread_name)) {
  const MetricsRegistry::Tags tags = {{"thread-id", name_}};
  restored_ =
      &metrics.counter("restore-records-total", "stream-state-metrics", tags);
  last_restore_ms_ =
      &metrics.gauge("restore-latency-ms", "stream-state-metrics", tags);
}

Status ChangelogRestorer::init() {
  kafka::Properties props = {
      {"bootstrap.servers", config_.bootstrap_servers()},
      {"group.id", config_.application_id() + "-restore"},
      {"client.id", name_ + "-restore-consumer"},
      {"enable.auto.commit", "false"},
      {"enable.partition.eof", "true"},
      {"isolation.level", "read_committed"},
      {"auto.offset.reset", "earliest"},
      // The end of a changelog is found by an empty fetch: don't let the
      // broker hold it for the default 500 ms per store partition.
      {"fetch.wait.max.ms", "20"},
  };
  for (const auto& [k, v] : config_.consumer_properties()) props[k] = v;
  StatusOr<kafka::ConfPtr> conf = kafka::make_conf(props);
  if (!conf.ok()) return conf.status();
  StatusOr<kafka::ClientPtr> client =
      kafka::make_client(RD_KAFKA_CONSUMER, std::move(*conf));
  if (!client.ok()) return client.status();
  consumer_ = std::move(*client);
  return {};
}

Status ChangelogRestorer::restore(state::TaskStore& store) {
  const std::string& topic = store.changelog_topic();
  const std::int32_t partition = store.partition();
  if (topic.empty()) return {};
  std::int64_t low = 0;
  std::int64_t high = 0;
  if (rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(
          consumer_.get(), topic.c_str(), partition, &low, &high, 30000)) {
    return Status(StatusCode::kUnavailable, "changelog " + topic + "[" +
                                                std::to_string(partition) +
                                                "]: " + rd_kafka_err2str(err));
  }
  std::int64_t next = store.inner()->committed_offset();
  const std::string what =
      "store " + store.name() + " partition " + std::to_string(partition);
  if (next > high) {
    // The local state claims more than the changelog holds: it belongs to
    // another cluster or to a changelog that was deleted and recreated.
    log(LogLevel::kWarn, name_,
        what + ": local state is at changelog offset " + std::to_string(next) +
            " but the changelog ends at " + std::to_string(high) +
            "; discarding the local state and restoring from the changelog");
    if (Status s = clear(*store.inner()); !s.ok()) return s;
    next = low;
  }
  if (next < low) next = low;  // new store, or the log was compacted past it
  if (next >= high) {
    log(LogLevel::kInfo, name_,
        what + ": up to date at changelog offset " + std::to_string(next));
    return {};
  }
  log(LogLevel::kInfo, name_,
      what + ": restoring " + std::to_string(high - next) +
          " changelog records from offset " + std::to_string(next));
  const auto started = Clock::now();
  kafka::PartitionListPtr parts(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(parts.get(), topic.c_str(), partition)
      ->offset = next;
  if (rd_kafka_resp_err_t err = rd_kafka_assign(consumer_.get(), parts.get())) {
    return Status(StatusCode::kUnavailable,
                  std::string("restore assign: ") + rd_kafka_err2str(err));
  }
  std::vector<state::BytesWrite> batch;
  std::uint64_t count = 0;
  auto last_progress = Clock::now();
  auto last_record = Clock::now();
  Status result;
  for (;;) {
    kafka::MessagePtr m(rd_kafka_consumer_poll(consumer_.get(), 200));
    if (!m) {
      if (Clock::now() - last_record > kStallTimeout) {
        result =
            Status(StatusCode::kTimeout, what + ": restore made no progress");
        break;
      }
      continue;
    }
    last_record = Clock::now();
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      next = std::max(next, m->offset);
      break;
    }
    if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      log(LogLevel::kWarn, name_,
          what + ": " + rd_kafka_message_errstr(m.get()));
      continue;
    }
    state::BytesWrite w;
    w.key.assign(static_cast<const char*>(m->key), m->key_len);
    if (m->payload != nullptr)
      w.value.emplace(static_cast<const char*>(m->payload), m->len);
    batch.push_back(std::move(w));
    next = m->offset + 1;
    ++count;
    if (batch.size() >= kBatch) {
      if (result = store.inner()->write_batch(batch, next); !result.ok()) break;
      batch.clear();
    }
    if (Clock::now() - last_progress >= kProgressEvery) {
      last_progress = Clock::now();
      log(LogLevel::kInfo, name_,
          what + ": restored " + std::to_string(count) + " records, " +
              std::to_string(high - next) + " to go");
    }
  }
  if (result.ok()) result = store.inner()->write_batch(batch, next);
  (void)rd_kafka_assign(consumer_.get(), nullptr);
  restored_->add(count);
  const double ms =
      std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  last_restore_ms_->set(ms);
  if (result.ok()) {
    log(LogLevel::kInfo, name_,
        what + ": restored " + std::to_string(count) + " records in " +
            std::to_string(static_cast<long>(ms)) + " ms");
  }
  return result;
}

}  // namespace sluice
