#include "runtime/changelog_restorer.h"

#include <algorithm>

#include "kafka/client_factory.h"
#include "sluice/log.h"

namespace sluice {
namespace {

constexpr std::size_t kBatch = 10'000;
constexpr std::chrono::seconds kProgressEvery{5};
constexpr std::chrono::minutes kStallTimeout{5};
constexpr int kPollMs = 50;

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
    : config_(config),
      name_(std::move(thread_name)),
      context_{config_.application_id(), name_, {}} {
  const MetricsRegistry::Tags tags = {{"thread-id", name_}};
  const std::string group = "stream-state-metrics";
  restored_ = &metrics.counter("restore-records-total", group, tags);
  last_restore_ms_ = &metrics.gauge("restore-latency-ms", group, tags);
  remaining_ = &metrics.gauge("restore-remaining-records", group, tags);
}

ChangelogRestorer::~ChangelogRestorer() = default;

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

void ChangelogRestorer::enqueue(state::TaskStore& store) {
  if (store.changelog_topic().empty() || pending(store)) return;
  queue_.emplace_back(&store);
}

bool ChangelogRestorer::pending(const state::TaskStore& store) const {
  return std::any_of(queue_.begin(), queue_.end(),
                     [&](const Job& j) { return j.store == &store; });
}

void ChangelogRestorer::cancel(const state::TaskStore& store) {
  for (auto it = queue_.begin(); it != queue_.end(); ++it) {
    if (it->store != &store) continue;
    if (it == queue_.begin() && it->started) {
      // Keep what was read: the next restore of this partition resumes here.
      if (Status s = flush(*it); !s.ok()) {
        log(LogLevel::kWarn, context_,
            describe(*it) +
                ": cannot keep the partial restore: " + s.to_string());
      }
      unassign();
      log(LogLevel::kInfo, context_,
          describe(*it) + ": restore stopped (task revoked) after " +
              std::to_string(it->count) + " records");
      remaining_->set(0);
    }
    queue_.erase(it);
    return;
  }
}

std::string ChangelogRestorer::describe(const Job& job) const {
  return "store " + job.store->name() + " partition " +
         std::to_string(job.store->partition());
}

Status ChangelogRestorer::restore_some(std::chrono::milliseconds budget) {
  const auto deadline = Clock::now() + budget;
  while (!queue_.empty()) {
    Job& job = queue_.front();
    bool done = false;
    if (!job.started) {
      StatusOr<bool> nothing_to_do = start(job);
      if (!nothing_to_do.ok()) {
        // A changelog created a moment ago may have no leader yet, and a
        // broker may be restarting: try again next round, for a while.
        if (nothing_to_do.status().code() != StatusCode::kUnavailable) {
          return nothing_to_do.status();
        }
        const auto now = Clock::now();
        if (!job.first_failure) {
          job.first_failure = now;
          log(LogLevel::kWarn, context_,
              describe(job) + ": " + nothing_to_do.status().message() +
                  "; retrying");
        } else if (now - *job.first_failure > kStallTimeout) {
          return nothing_to_do.status();
        }
        return {};
      }
      done = *nothing_to_do;
    }
    while (!done && Clock::now() < deadline) {
      StatusOr<bool> end = poll(job);
      if (!end.ok()) return end.status();
      done = *end;
    }
    if (!done) return {};
    if (job.started) {
      if (Status s = flush(job); !s.ok()) return s;
      finish(job);
    }
    queue_.pop_front();
    if (Clock::now() >= deadline) return {};
  }
  return {};
}

StatusOr<bool> ChangelogRestorer::start(Job& job) {
  state::TaskStore& store = *job.store;
  const std::string& topic = store.changelog_topic();
  const std::int32_t partition = store.partition();
  std::int64_t low = 0;
  std::int64_t high = 0;
  if (rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(
          consumer_.get(), topic.c_str(), partition, &low, &high, 30000)) {
    return Status(StatusCode::kUnavailable, "changelog " + topic + "[" +
                                                std::to_string(partition) +
                                                "]: " + rd_kafka_err2str(err));
  }
  std::int64_t next = store.inner()->committed_offset();
  if (next > high) {
    // The local state claims more than the changelog holds: it belongs to
    // another cluster or to a changelog that was deleted and recreated.
    log(LogLevel::kWarn, context_,
        describe(job) + ": local state is at changelog offset " +
            std::to_string(next) + " but the changelog ends at " +
            std::to_string(high) +
            "; discarding the local state and restoring from the changelog");
    if (Status s = clear(*store.inner()); !s.ok()) return s;
    next = low;
  }
  if (next < low) next = low;  // new store, or the log was compacted past it
  if (next >= high) {
    log(LogLevel::kInfo, context_,
        describe(job) + ": up to date at changelog offset " +
            std::to_string(next));
    return true;
  }
  log(LogLevel::kInfo, context_,
      describe(job) + ": restoring " + std::to_string(high - next) +
          " changelog records from offset " + std::to_string(next));
  kafka::PartitionListPtr parts(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(parts.get(), topic.c_str(), partition)
      ->offset = next;
  if (rd_kafka_resp_err_t err = rd_kafka_assign(consumer_.get(), parts.get())) {
    return Status(StatusCode::kUnavailable,
                  std::string("restore assign: ") + rd_kafka_err2str(err));
  }
  job.started = true;
  job.next = next;
  job.end = high;
  job.started_at = job.last_progress = job.last_record = Clock::now();
  remaining_->set(static_cast<double>(high - next));
  return false;
}

StatusOr<bool> ChangelogRestorer::poll(Job& job) {
  kafka::MessagePtr m(rd_kafka_consumer_poll(consumer_.get(), kPollMs));
  const auto now = Clock::now();
  if (!m) {
    if (now - job.last_record > kStallTimeout) {
      return Status(StatusCode::kTimeout,
                    describe(job) + ": restore made no progress for " +
                        std::to_string(kStallTimeout.count()) + " minutes");
    }
    return false;
  }
  if (m->rkt != nullptr &&
      (m->partition != job.store->partition() ||
       job.store->changelog_topic() != rd_kafka_topic_name(m->rkt))) {
    return false;  // left over from a partition restored before
  }
  job.last_record = now;
  if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
    job.next = std::max(job.next, m->offset);
    return true;
  }
  if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    log(LogLevel::kWarn, context_,
        describe(job) + ": " + rd_kafka_message_errstr(m.get()));
    return false;
  }
  state::BytesWrite w;
  if (m->key != nullptr) {
    w.key.assign(static_cast<const char*>(m->key), m->key_len);
  }
  if (m->payload != nullptr)
    w.value.emplace(static_cast<const char*>(m->payload), m->len);
  job.batch.push_back(std::move(w));
  job.next = m->offset + 1;
  ++job.count;
  if (job.batch.size() >= kBatch) {
    if (Status s = flush(job); !s.ok()) return s;
  }
  if (now - job.last_progress >= kProgressEvery) {
    job.last_progress = now;
    const std::int64_t left = std::max<std::int64_t>(job.end - job.next, 0);
    remaining_->set(static_cast<double>(left));
    log(LogLevel::kInfo, context_,
        describe(job) + ": restored " + std::to_string(job.count) +
            " records, " + std::to_string(left) + " to go");
  }
  return false;
}

Status ChangelogRestorer::flush(Job& job) {
  Status s = job.store->inner()->write_batch(job.batch, job.next);
  if (s.ok()) job.batch.clear();
  return s;
}

void ChangelogRestorer::finish(Job& job) {
  unassign();
  restored_->add(job.count);
  remaining_->set(0);
  const double ms =
      std::chrono::duration<double, std::milli>(Clock::now() - job.started_at)
          .count();
  last_restore_ms_->set(ms);
  log(LogLevel::kInfo, context_,
      describe(job) + ": restored " + std::to_string(job.count) +
          " records in " + std::to_string(static_cast<long>(ms)) + " ms");
}

void ChangelogRestorer::unassign() {
  (void)rd_kafka_assign(consumer_.get(), nullptr);
}

}  // namespace sluice
