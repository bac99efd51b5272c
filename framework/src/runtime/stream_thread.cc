#include "runtime/stream_thread.h"

#include <algorithm>
#include <cstring>

#include "dsl/topology_data.h"
#include "kafka/client_factory.h"
#include "kafka/fetch_defaults.h"
#include "kafka/producer_defaults.h"
#include "runtime/commit_schedule.h"
#include "runtime/offsets_patience.h"
#include "sluice/log.h"

namespace sluice {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::chrono::milliseconds kFlushTimeout{30000};
constexpr std::chrono::milliseconds kNoWait{0};
// An offset commit in flight this long is worth a warning.
constexpr std::chrono::seconds kCommitStallWarning{10};

std::string describe_partitions(const rd_kafka_topic_partition_list_t& parts) {
  std::map<std::string, std::string> by_topic;
  for (int i = 0; i < parts.cnt; ++i) {
    std::string& list = by_topic[parts.elems[i].topic];
    if (!list.empty()) list += ",";
    list += std::to_string(parts.elems[i].partition);
    const std::int64_t offset = parts.elems[i].offset;
    if (offset >= 0) {
      list += "@" + std::to_string(offset);
    } else if (offset == RD_KAFKA_OFFSET_BEGINNING) {
      list += "@beginning";
    }
  }
  std::string out;
  for (const auto& [topic, list] : by_topic) {
    if (!out.empty()) out += " ";
    out.append(topic).append("[").append(list).append("]");
  }
  return out.empty() ? "none" : out;
}

// Logs the first ten and then every power of two.
bool worth_logging(std::uint64_t count) {
  return count <= 10 || (count & (count - 1)) == 0;
}

}  // namespace

std::string_view thread_state_name(StreamThread::State state) noexcept {
  switch (state) {
    case StreamThread::State::kCreated: return "CREATED";
    case StreamThread::State::kStarting: return "STARTING";
    case StreamThread::State::kRebalancing: return "PARTITIONS_ASSIGNED";
    case StreamThread::State::kRunning: return "RUNNING";
    case StreamThread::State::kPendingShutdown: return "PENDING_SHUTDOWN";
    case StreamThread::State::kDead: return "DEAD";
    case StreamThread::State::kFailed: return "FAILED";
  }
  return "?";
}

StreamThread::StreamThread(
    int index, Topology topology, const StreamsConfig& config,
    MetricsRegistry& metrics, StoreOpener open_store,
    std::function<void(const std::string&)> on_task_close,
    StateCallback on_state)
    : index_(index),
      name_(config.client_id() + "-StreamThread-" + std::to_string(index + 1)),
      topology_(std::move(topology)),
      config_(config),
      log_context_{config.application_id(), name_, {}},
      metrics_(metrics),
      open_store_(std::move(open_store)),
      on_task_close_(std::move(on_task_close)),
      on_state_(std::move(on_state)),
      restorer_(config, name_, metrics) {
  const MetricsRegistry::Tags tags = {{"thread-id", name_}};
  const std::string group = "stream-thread-metrics";
  commits_ = &metrics.counter("commit-total", group, tags);
  commit_failures_ = &metrics.counter("commit-failed-total", group, tags);
  commit_latency_ms_ = &metrics.gauge("commit-latency-ms", group, tags);
  assigned_partitions_ = &metrics.gauge("assigned-partitions", group, tags);
  process_latency_ = &metrics.histogram("process-latency", group, tags);
  for (const auto& [topic, sub] : topology_.data().subtopology_of_topic) {
    routes_.push_back({topology_.data().resolve(config.application_id(), topic),
                       sub,
                       {},
                       {},
                       {},
                       topology_.data().is_internal(topic)});
  }
}

StreamThread::~StreamThread() {
  request_stop();
  join();
}

Status StreamThread::init() {
  kafka::Properties producer = kafka::producer_defaults();
  producer["bootstrap.servers"] = config_.bootstrap_servers();
  producer["client.id"] = name_ + "-producer";
  if (eos()) {
    // A stable identity: a restarted instance fences its predecessor's
    // producer and aborts its open transaction at once.
    producer["transactional.id"] = config_.application_id() + "-" +
                                   config_.instance_id() + "-" +
                                   std::to_string(index_ + 1);
    producer["transaction.timeout.ms"] = "10000";
  }
  for (const auto& [k, v] : config_.producer_properties()) producer[k] = v;
  producer_properties_ = producer;
  StatusOr<std::unique_ptr<kafka::ProducerSink>> sink =
      create_producer(std::chrono::milliseconds(0));
  if (!sink.ok()) return sink.status();
  sink_ = std::move(*sink);

  kafka::Properties consumer = {
      {"bootstrap.servers", config_.bootstrap_servers()},
      {"group.id", config_.application_id()},
      {"client.id", name_ + "-consumer"},
      {"enable.auto.commit", "false"},
      {"enable.auto.offset.store", "false"},
      {"enable.partition.eof", "false"},
      {"auto.offset.reset", "earliest"},
      {"partition.assignment.strategy", "cooperative-sticky"},
      {"isolation.level", "read_committed"},
      // The prefetch bound (librdkafka: 64 MiB); fetch_defaults() keeps a
      // full queue from pausing the fetcher for long (kafka/fetch_defaults.h).
      {"queued.max.messages.kbytes", "4096"},
  };
  for (auto& [k, v] : kafka::fetch_defaults()) consumer[k] = std::move(v);
  for (const auto& [k, v] : config_.consumer_properties()) consumer[k] = v;
  StatusOr<kafka::ConfPtr> conf = kafka::make_conf(consumer);
  if (!conf.ok()) return conf.status();
  rd_kafka_conf_set_rebalance_cb(conf->get(), &StreamThread::on_rebalance);
  rd_kafka_conf_set_opaque(conf->get(), this);
  StatusOr<kafka::ClientPtr> client =
      kafka::make_client(RD_KAFKA_CONSUMER, std::move(*conf));
  if (!client.ok()) return client.status();
  consumer_ = std::move(*client);
  rd_kafka_poll_set_consumer(consumer_.get());
  offsets_patience_ = detail::committed_offsets_patience(
      kafka::ms_property(consumer_.get(), "socket.timeout.ms"),
      kafka::ms_property(consumer_.get(), "max.poll.interval.ms"));
  committer_ = std::make_unique<kafka::OffsetCommitter>(consumer_.get());

  task_services_.config = &config_;
  task_services_.sink = sink_.get();
  task_services_.metrics = &metrics_;
  task_services_.thread_id = name_;
  task_services_.wall_clock = [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  task_services_.open_store = open_store_;
  task_services_.node_metrics = true;  // process-total per processor node
  task_services_.on_close = on_task_close_;
  return restorer_.init();
}

void StreamThread::start() {
  thread_ = std::thread([this] { run(); });
}

void StreamThread::join() {
  if (thread_.joinable()) thread_.join();
}

std::string StreamThread::failure() const {
  std::lock_guard lock(failure_mutex_);
  return failure_;
}

void StreamThread::set_state(State s) {
  const State old = state_.exchange(s);
  if (old == s) return;
  log(LogLevel::kInfo, log_context_,
      "state " + std::string(thread_state_name(old)) + " -> " +
          std::string(thread_state_name(s)));
  if (on_state_) on_state_(index_, s);
}

void StreamThread::run() {
  try {
    set_state(State::kStarting);
    kafka::PartitionListPtr topics(
        rd_kafka_topic_partition_list_new(static_cast<int>(routes_.size())));
    for (const TopicRoute& r : routes_) {
      rd_kafka_topic_partition_list_add(topics.get(), r.topic.c_str(),
                                        RD_KAFKA_PARTITION_UA);
    }
    if (rd_kafka_resp_err_t err =
            rd_kafka_subscribe(consumer_.get(), topics.get())) {
      throw StreamsFatalError(std::string("cannot subscribe: ") +
                              rd_kafka_err2str(err));
    }
    next_commit_ = Clock::now() + config_.commit_interval();
    while (!stop_.load()) {
      if (!restoring_.empty()) restore_round();
      poll_round();
      const Clock::time_point started = Clock::now();
      if (started >= next_commit_ || commit_requested()) {
        update_lag();
        Status s = commit();
        if (s.code() == StatusCode::kFatal)
          throw StreamsFatalError(s.message());
        if (s.ok() && eos()) maybe_purge(*processed_offsets());
        drain_purges();
        next_commit_ = detail::next_commit_due(started, Clock::now(),
                                               config_.commit_interval());
      }
      if (committer_->in_flight()) (void)finish_commit(kNoWait);
    }
    if (failed_.load()) {
      fail(failure());  // a rebalance callback failed
      return;
    }
    set_state(State::kPendingShutdown);
    shutdown();
    set_state(State::kDead);
  } catch (const std::exception& e) {
    fail(e.what());
  }
}

void StreamThread::poll_round() {
  const int max = config_.max_poll_records();
  // While restoring, the restore rounds do the waiting.
  const int first_wait =
      restoring_.empty() ? static_cast<int>(config_.poll_timeout().count()) : 0;
  for (int i = 0; i < max; ++i) {
    kafka::MessagePtr message(
        rd_kafka_consumer_poll(consumer_.get(), i == 0 ? first_wait : 0));
    if (!message) break;
    handle(*message, Clock::now());
  }
  sink_->poll();
  // Under exactly-once a failed delivery fails the transaction's commit,
  // which aborts and retries; at-least-once has nothing to undo.
  if (Status s = sink_->delivery_status(); !s.ok() && !eos()) {
    throw StreamsFatalError(s.message());
  }
  if (!tasks_.empty()) {
    const std::int64_t now = task_services_.wall_clock();
    for (auto& [id, task] : tasks_) {
      if (task->initialized()) task->punctuate_wall_clock(now);
    }
  }
}

bool StreamThread::commit_requested() const {
  for (const auto& [id, task] : tasks_) {
    if (task->commit_requested()) return true;
  }
  return false;
}

StreamThread::TopicRoute* StreamThread::route_of(std::string_view topic) {
  for (TopicRoute& r : routes_) {
    if (r.topic == topic) return &r;
  }
  return nullptr;
}

void StreamThread::handle(const rd_kafka_message_t& message,
                          Clock::time_point polled) {
  if (message.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    if (message.err == RD_KAFKA_RESP_ERR__PARTITION_EOF) return;
    char reason[512];
    if (rd_kafka_fatal_error(consumer_.get(), reason, sizeof reason) !=
        RD_KAFKA_RESP_ERR_NO_ERROR) {
      throw StreamsFatalError(std::string("fatal consumer error: ") + reason);
    }
    if (worth_logging(++consumer_errors_)) {
      log(LogLevel::kWarn, log_context_,
          std::string("consumer error: ") + rd_kafka_message_errstr(&message));
    }
    return;
  }
  const std::string_view topic = rd_kafka_topic_name(message.rkt);
  TopicRoute* route = route_of(topic);
  const auto p = static_cast<std::size_t>(message.partition);
  if (route == nullptr || p >= route->tasks.size() ||
      route->tasks[p] == nullptr) {
    // A record of a partition that is no longer ours (fetched before a
    // revocation): the new owner reads it again from the committed offset.
    return;
  }
  detail::RawRecord raw;
  raw.topic = route->topic;
  raw.partition = message.partition;
  raw.offset = message.offset;
  raw.timestamp_ms = rd_kafka_message_timestamp(&message, nullptr);
  if (message.key != nullptr) {
    raw.key = std::string_view(static_cast<const char*>(message.key),
                               message.key_len);
  }
  if (message.payload != nullptr) {
    raw.value = std::string_view(static_cast<const char*>(message.payload),
                                 message.len);
  }
  rd_kafka_headers_t* hdrs = nullptr;
  if (rd_kafka_message_headers(&message, &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR &&
      hdrs != nullptr) {
    scratch_headers_.clear();  // keeps its storage when unshared
    const char* name = nullptr;
    const void* value = nullptr;
    std::size_t size = 0;
    for (std::size_t i = 0;
         rd_kafka_header_get_all(hdrs, i, &name, &value, &size) ==
         RD_KAFKA_RESP_ERR_NO_ERROR;
         ++i) {
      scratch_headers_.add(
          name, value != nullptr
                    ? std::optional<std::string>(
                          std::in_place, static_cast<const char*>(value), size)
                    : std::nullopt);
    }
    raw.headers = &scratch_headers_;
  }
  if (!route->tasks[p]->initialized()) {
    // Fetched before the partition was paused for the restore: read it
    // again once the task is ready.
    kafka::PartitionListPtr back(rd_kafka_topic_partition_list_new(1));
    rd_kafka_topic_partition_list_add(back.get(), route->topic.c_str(),
                                      message.partition)
        ->offset = message.offset;
    kafka::ErrorPtr e(rd_kafka_seek_partitions(consumer_.get(), back.get(), 0));
    return;
  }
  route->tasks[p]->process(raw);
  const auto done = Clock::now();
  process_latency_->record(done - polled, done);
  route->next_offset[p] = message.offset + 1;
  offsets_dirty_ = true;
}

Status StreamThread::commit(const rd_kafka_topic_partition_list_t* only) {
  if (eos()) return commit_transaction();
  if (!offsets_dirty_) return {};
  const auto started = Clock::now();
  // Cached table updates go downstream, dirty store entries to their
  // changelogs...
  for (auto& [id, task] : tasks_) {
    if (!task->initialized()) continue;
    task->flush_nodes();
    task->log_stores();
  }
  // ...and everything derived from these offsets must be acknowledged
  // before the offsets are committed (at-least-once).
  Status flushed = sink_->flush(kFlushTimeout);
  if (!flushed.ok()) {
    commit_failures_->add();
    log(LogLevel::kWarn, log_context_,
        "not committing offsets: " + flushed.to_string());
    return flushed;
  }
  // The changelog has the entries: now the local stores may have them too,
  // with the changelog offset they are consistent with.
  for (auto& [id, task] : tasks_) {
    if (!task->initialized()) continue;
    if (Status s = task->write_stores(); !s.ok()) {
      return Status(StatusCode::kFatal,
                    "task " + task->task_id() +
                        ": cannot write its stores: " + s.to_string());
    }
  }
  kafka::PartitionListPtr offsets(rd_kafka_topic_partition_list_new(8));
  for (TopicRoute& r : routes_) {
    for (std::size_t p = 0; p < r.next_offset.size(); ++p) {
      if (r.next_offset[p] < 0) continue;
      if (only != nullptr &&
          rd_kafka_topic_partition_list_find(
              only, r.topic.c_str(), static_cast<std::int32_t>(p)) == nullptr) {
        continue;
      }
      rd_kafka_topic_partition_list_add(offsets.get(), r.topic.c_str(),
                                        static_cast<std::int32_t>(p))
          ->offset = r.next_offset[p];
    }
  }
  if (offsets->cnt == 0) return {};
  // Partitions about to be handed away: their commit is waited for (up to
  // kFlushTimeout), after the one in flight.
  const bool wait = only != nullptr;
  if (committer_->in_flight()) {
    Status previous = finish_commit(wait ? kFlushTimeout : kNoWait);
    if (committer_->in_flight()) {
      warn_commit_stall();
      // These offsets go with the next commit, once that one has ended.
      return wait ? previous : Status();
    }
  }
  commit_started_ = started;
  (void)committer_->start(*offsets);
  if (only == nullptr) offsets_dirty_ = false;
  return wait ? finish_commit(kFlushTimeout) : Status();
}

Status StreamThread::finish_commit(std::chrono::milliseconds wait) {
  std::optional<kafka::OffsetCommitter::Outcome> done =
      committer_->collect(wait);
  if (!done) {
    return Status(StatusCode::kUnavailable,
                  "the offset commit did not end within " +
                      std::to_string(wait.count()) + " ms");
  }
  commit_stall_warned_ = false;
  if (!done->ok()) {
    commit_failures_->add();
    // Sent again with the next commit; until then, a new owner of these
    // partitions would process the records again (at-least-once).
    offsets_dirty_ = true;
    log(LogLevel::kWarn, log_context_,
        std::string("offset commit failed (the next commit sends the "
                    "offsets again): ") +
            rd_kafka_err2str(done->error));
    return Status(StatusCode::kUnavailable, rd_kafka_err2str(done->error));
  }
  commits_->add();
  commit_latency_ms_->set(
      std::chrono::duration<double, std::milli>(Clock::now() - commit_started_)
          .count());
  maybe_purge(*done->offsets);
  return {};
}

void StreamThread::warn_commit_stall() {
  if (commit_stall_warned_ || committer_->age() < kCommitStallWarning) return;
  commit_stall_warned_ = true;
  log(LogLevel::kWarn, log_context_,
      "an offset commit has not ended after " +
          std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                             committer_->age())
                             .count()) +
          " s (the group coordinator is unreachable or moving); processing "
          "goes on and the next commit waits for it");
}

kafka::PartitionListPtr StreamThread::processed_offsets() const {
  kafka::PartitionListPtr offsets(rd_kafka_topic_partition_list_new(8));
  for (const TopicRoute& r : routes_) {
    for (std::size_t p = 0; p < r.next_offset.size(); ++p) {
      if (r.next_offset[p] < 0) continue;
      rd_kafka_topic_partition_list_add(offsets.get(), r.topic.c_str(),
                                        static_cast<std::int32_t>(p))
          ->offset = r.next_offset[p];
    }
  }
  return offsets;
}

StatusOr<std::unique_ptr<kafka::ProducerSink>> StreamThread::create_producer(
    std::chrono::milliseconds patience) const {
  StatusOr<std::unique_ptr<kafka::ProducerSink>> sink =
      kafka::ProducerSink::create(producer_properties_);
  if (!sink.ok() || !eos()) return sink;
  const auto deadline = Clock::now() + patience;
  for (int attempt = 0;; ++attempt) {
    Status s = (*sink)->init_transactions(kFlushTimeout);
    if (s.ok()) return sink;
    if (s.code() != StatusCode::kUnavailable || Clock::now() >= deadline ||
        stop_.load()) {
      return s;
    }
    if (attempt == 0) {
      const auto seconds =
          std::chrono::duration_cast<std::chrono::seconds>(patience).count();
      log(LogLevel::kWarn, log_context_,
          s.message() + "; retrying for up to " + std::to_string(seconds) +
              " s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

Status StreamThread::recover_from_fencing(const std::string& why) {
  const auto now = Clock::now();
  if (last_fenced_ && now - *last_fenced_ < kRefenceWindow) {
    return Status(StatusCode::kFatal,
                  why +
                      " (fenced twice within a minute: is a second instance "
                      "running with the same instance.id?)");
  }
  last_fenced_ = now;
  log(LogLevel::kWarn, log_context_,
      "the producer was fenced (" + why +
          "); starting a new one and rebuilding the tasks from committed "
          "state");
  return replace_producer(why);
}

Status StreamThread::replace_producer(const std::string& why) {
  // The new producer's init_transactions() fences the old one and aborts
  // its open transaction on the coordinator: nothing of it becomes visible.
  StatusOr<std::unique_ptr<kafka::ProducerSink>> fresh =
      create_producer(kProducerRecoveryTimeout);
  if (!fresh.ok()) {
    return Status(StatusCode::kFatal,
                  why + "; no new producer: " + fresh.status().message());
  }
  // The tasks refer to the sink: they are rebuilt on the new one, then the
  // old producer goes.
  std::unique_ptr<kafka::ProducerSink> old = std::move(sink_);
  sink_ = std::move(*fresh);
  task_services_.sink = sink_.get();
  rebuild_tasks();
  return Status(StatusCode::kUnavailable, why);
}

Status StreamThread::commit_transaction() {
  if (!offsets_dirty_ && !sink_->in_transaction()) return {};
  const auto started = Clock::now();
  for (auto& [id, task] : tasks_) {
    if (!task->initialized()) continue;
    task->flush_nodes();
    task->log_stores();
  }
  kafka::PartitionListPtr offsets = processed_offsets();
  const kafka::ProducerSink::TxnResult result =
      sink_->commit_transaction(offsets.get(), consumer_.get(), kFlushTimeout);
  switch (result.outcome) {
    case kafka::ProducerSink::TxnOutcome::kCommitted: break;
    case kafka::ProducerSink::TxnOutcome::kAborted:
      commit_failures_->add();
      log(LogLevel::kWarn, log_context_,
          "transaction aborted (" + result.message +
              "); rewinding to the last committed offsets and processing "
              "again");
      rebuild_tasks();
      return Status(StatusCode::kUnavailable, result.message);
    case kafka::ProducerSink::TxnOutcome::kFenced:
      // By a newer producer with this transactional.id, or by the
      // coordinator after a transaction outlived transaction.timeout.ms
      // (librdkafka reports both the same way). The transaction is void.
      commit_failures_->add();
      return recover_from_fencing(result.message);
    case kafka::ProducerSink::TxnOutcome::kUnusable:
      // E.g. the abort did not complete while a broker restarted: a new
      // producer ends the transaction for good.
      commit_failures_->add();
      log(LogLevel::kWarn, log_context_,
          "transaction failed (" + result.message +
              "); starting a new producer and rebuilding the tasks from "
              "committed state");
      return replace_producer(result.message);
  }
  // Committed in Kafka: now, and only now, the local stores get the writes.
  for (auto& [id, task] : tasks_) {
    if (!task->initialized()) continue;
    if (Status s = task->write_stores(); !s.ok()) {
      return Status(StatusCode::kFatal,
                    "task " + task->task_id() +
                        ": cannot write its stores: " + s.to_string());
    }
  }
  offsets_dirty_ = false;
  commits_->add();
  commit_latency_ms_->set(
      std::chrono::duration<double, std::milli>(Clock::now() - started)
          .count());
  return {};
}

void StreamThread::rebuild_tasks() {
  // Tasks are rebuilt from their stores, which hold committed state only;
  // the consumer goes back to the committed offsets (librdkafka drops what
  // it had fetched beyond them).
  kafka::PartitionListPtr assignment;
  {
    rd_kafka_topic_partition_list_t* raw = nullptr;
    if (rd_kafka_assignment(consumer_.get(), &raw) !=
        RD_KAFKA_RESP_ERR_NO_ERROR) {
      throw StreamsFatalError(
          "cannot read the consumer's assignment after an abort");
    }
    assignment.reset(raw);
  }
  revoke(*assignment, /*lost=*/true);
  start_at_committed_offsets(*assignment);
  kafka::ErrorPtr error(
      rd_kafka_seek_partitions(consumer_.get(), assignment.get(), 30000));
  if (error) {
    throw StreamsFatalError(std::string("cannot rewind after an abort: ") +
                            rd_kafka_error_string(error.get()));
  }
  for (int i = 0; i < assignment->cnt; ++i) {
    if (assignment->elems[i].err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      throw StreamsFatalError(
          std::string("cannot rewind ") + assignment->elems[i].topic + "[" +
          std::to_string(assignment->elems[i].partition) +
          "] after an abort: " + rd_kafka_err2str(assignment->elems[i].err));
    }
  }
  assign(*assignment);
}

void StreamThread::start_at_committed_offsets(
    rd_kafka_topic_partition_list_t& parts) {
  read_committed_offsets(parts);
  for (int i = 0; i < parts.cnt; ++i) {
    // No committed offset at all: auto.offset.reset (earliest).
    if (parts.elems[i].offset < 0) {
      parts.elems[i].offset = RD_KAFKA_OFFSET_BEGINNING;
    }
  }
}

void StreamThread::read_committed_offsets(
    rd_kafka_topic_partition_list_t& parts) {
  // A partition whose offset cannot be read comes back with an error and
  // offset -1001, which must not be mistaken for "nothing committed" (that
  // would rewind to the beginning: duplicates). While a transaction with
  // offsets for it is open (ours right after an abort, or a dead member's
  // until transaction.timeout.ms) the broker answers UNSTABLE_OFFSET_COMMIT.
  // After a broker restart the coordinator may not answer at all until
  // librdkafka times the request out and reconnects (offsets_patience.h).
  const auto started = Clock::now();
  const auto deadline = started + offsets_patience_;
  auto next_warning = started + std::chrono::seconds(10);
  const std::string patience =
      std::to_string(
          std::chrono::duration_cast<std::chrono::seconds>(offsets_patience_)
              .count()) +
      " s";
  std::string why;
  for (int attempt = 0;; ++attempt) {
    for (int i = 0; i < parts.cnt; ++i) {
      parts.elems[i].offset = RD_KAFKA_OFFSET_INVALID;
      parts.elems[i].err = RD_KAFKA_RESP_ERR_NO_ERROR;
    }
    rd_kafka_resp_err_t err =
        rd_kafka_committed(consumer_.get(), &parts, 10000);
    why = err != RD_KAFKA_RESP_ERR_NO_ERROR ? rd_kafka_err2str(err) : "";
    for (int i = 0; err == RD_KAFKA_RESP_ERR_NO_ERROR && i < parts.cnt; ++i) {
      if (parts.elems[i].err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        err = parts.elems[i].err;
        why = std::string(parts.elems[i].topic) + "[" +
              std::to_string(parts.elems[i].partition) +
              "]: " + rd_kafka_err2str(err);
      }
    }
    const auto now = Clock::now();
    const auto waited = std::to_string(
        std::chrono::duration_cast<std::chrono::seconds>(now - started)
            .count());
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      if (now >= started + std::chrono::seconds(10)) {
        log(LogLevel::kInfo, log_context_,
            "committed offsets read after " + waited + " s");
      }
      return;
    }
    if (now >= deadline) break;
    if (attempt == 0) {
      log(LogLevel::kInfo, log_context_,
          "committed offsets not readable yet (" + why + "); retrying");
    } else if (now >= next_warning) {
      next_warning = now + std::chrono::seconds(10);
      std::string line = "committed offsets still not readable after ";
      line += waited;
      line += " s (";
      line += why;
      line += "); retrying for up to ";
      line += patience;
      log(LogLevel::kWarn, log_context_, line);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  throw StreamsFatalError("cannot read the committed offsets after " +
                          patience + ": " + why);
}

void StreamThread::shutdown() {
  // At-least-once: the commit in flight ends first, then the final one is
  // sent and waited for.
  Status s = committer_->in_flight() ? finish_commit(kFlushTimeout) : Status();
  if (!committer_->in_flight()) {
    s = commit();
    if (s.ok() && committer_->in_flight()) s = finish_commit(kFlushTimeout);
  }
  if (!s.ok()) {
    log(LogLevel::kWarn, log_context_,
        "final commit failed: " + s.to_string() +
            "; uncommitted records will be processed again");
  }
  // Leaves the group; the revocation callback closes the tasks.
  if (rd_kafka_resp_err_t err = rd_kafka_consumer_close(consumer_.get())) {
    log(LogLevel::kWarn, log_context_,
        std::string("consumer close: ") + rd_kafka_err2str(err));
  }
  restoring_.clear();
  tasks_.clear();
}

void StreamThread::fail(const std::string& why) {
  {
    std::lock_guard lock(failure_mutex_);
    failure_ = why;
  }
  failed_.store(true);
  log(LogLevel::kError, log_context_, "stream thread failed: " + why);
  if (eos() && sink_ && sink_->in_transaction()) {
    (void)sink_->abort_transaction(kFlushTimeout);
  }
  // Leave the group without committing: what was not committed is processed
  // again by the partitions' next owner.
  if (consumer_) (void)rd_kafka_consumer_close(consumer_.get());
  for (auto& [id, task] : tasks_) task->close();
  set_state(State::kFailed);
}

void StreamThread::on_rebalance(rd_kafka_t* /*rk*/, rd_kafka_resp_err_t err,
                                rd_kafka_topic_partition_list_t* parts,
                                void* opaque) {
  auto* self = static_cast<StreamThread*>(opaque);
  // No exception may cross into librdkafka.
  try {
    self->rebalance(err, parts);
  } catch (const std::exception& e) {
    self->request_stop();
    log(LogLevel::kError, self->log_context_,
        std::string("rebalance handling failed: ") + e.what());
    std::lock_guard lock(self->failure_mutex_);
    self->failure_ = e.what();
    self->failed_.store(true);
  }
}

void StreamThread::rebalance(rd_kafka_resp_err_t err,
                             rd_kafka_topic_partition_list_t* parts) {
  rd_kafka_t* rk = consumer_.get();
  const bool cooperative =
      std::strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE") == 0;
  const bool stopping = stop_.load() || failed_.load();
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    if (!stopping) set_state(State::kRebalancing);
    // Under exactly-once the start offsets are read here rather than left
    // to librdkafka: a partition whose previous owner died inside a
    // transaction answers UNSTABLE_OFFSET_COMMIT until that transaction is
    // aborted, and librdkafka 2.0.2 then started such partitions from
    // auto.offset.reset (earliest), processing them again from offset 0
    // (the rebalance-storm test found 1,084 readings twice).
    kafka::PartitionListPtr start(rd_kafka_topic_partition_list_copy(parts));
    if (eos()) start_at_committed_offsets(*start);
    // The consumer assigns first, so that assign() can pause the partitions
    // of tasks that must restore; nothing is fetched for this thread before
    // the callback returns.
    if (cooperative) {
      kafka::ErrorPtr e(rd_kafka_incremental_assign(rk, start.get()));
      if (e) throw StreamsFatalError(rd_kafka_error_string(e.get()));
    } else {
      rd_kafka_assign(rk, start.get());
    }
    log(LogLevel::kInfo, log_context_,
        "assigned " + describe_partitions(*start));
    assign(*start);
    count_assigned();
  } else if (err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) {
    if (!stopping) set_state(State::kRebalancing);
    const bool lost = rd_kafka_assignment_lost(rk) != 0;
    revoke(*parts, lost);
    if (cooperative) {
      kafka::ErrorPtr e(rd_kafka_incremental_unassign(rk, parts));
      if (e) throw StreamsFatalError(rd_kafka_error_string(e.get()));
    } else {
      rd_kafka_assign(rk, nullptr);
    }
    count_assigned();
    log(LogLevel::kInfo, log_context_,
        std::string(lost ? "lost " : "revoked ") + describe_partitions(*parts));
  } else {
    log(LogLevel::kWarn, log_context_,
        std::string("rebalance error: ") + rd_kafka_err2str(err));
    rd_kafka_assign(rk, nullptr);
  }
  if (!stopping) {
    set_state(restoring_.empty() ? State::kRunning : State::kRebalancing);
  }
}

void StreamThread::update_lag() {
  for (TopicRoute& r : routes_) {
    for (std::size_t p = 0; p < r.tasks.size(); ++p) {
      if (r.tasks[p] == nullptr || r.lag[p] == nullptr) continue;
      std::int64_t low = 0;
      std::int64_t high = 0;
      if (rd_kafka_get_watermark_offsets(consumer_.get(), r.topic.c_str(),
                                         static_cast<std::int32_t>(p), &low,
                                         &high) != RD_KAFKA_RESP_ERR_NO_ERROR ||
          high < 0 || r.next_offset[p] < 0) {
        continue;
      }
      r.lag[p]->set(static_cast<double>(
          std::max<std::int64_t>(high - r.next_offset[p], 0)));
    }
  }
}

void StreamThread::maybe_purge(
    const rd_kafka_topic_partition_list_t& committed) {
  const auto now = Clock::now();
  if (purge_unsupported_ || now < next_purge_) return;
  next_purge_ = now + kPurgeInterval;
  kafka::PartitionListPtr below(rd_kafka_topic_partition_list_new(4));
  for (int i = 0; i < committed.cnt; ++i) {
    const rd_kafka_topic_partition_t& c = committed.elems[i];
    const TopicRoute* r = route_of(c.topic);
    const auto p = static_cast<std::size_t>(c.partition);
    if (r == nullptr || !r->repartition || p >= r->tasks.size() ||
        r->tasks[p] == nullptr || c.offset <= 0) {
      continue;
    }
    rd_kafka_topic_partition_list_add(below.get(), c.topic, c.partition)
        ->offset = c.offset;
  }
  if (below->cnt == 0) return;
  if (!purge_queue_) purge_queue_.reset(rd_kafka_queue_new(consumer_.get()));
  rd_kafka_DeleteRecords_t* request = rd_kafka_DeleteRecords_new(below.get());
  rd_kafka_DeleteRecords(consumer_.get(), &request, 1, nullptr,
                         purge_queue_.get());
  rd_kafka_DeleteRecords_destroy(request);
}

void StreamThread::drain_purges() {
  if (!purge_queue_) return;
  while (kafka::EventPtr owned{rd_kafka_queue_poll(purge_queue_.get(), 0)}) {
    rd_kafka_event_t* event = owned.get();
    rd_kafka_resp_err_t err = rd_kafka_event_error(event);
    std::string why = err != RD_KAFKA_RESP_ERR_NO_ERROR
                          ? rd_kafka_event_error_string(event)
                          : std::string();
    if (const rd_kafka_DeleteRecords_result_t* result =
            rd_kafka_event_DeleteRecords_result(event);
        result != nullptr && err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      const rd_kafka_topic_partition_list_t* parts =
          rd_kafka_DeleteRecords_result_offsets(result);
      for (int i = 0; parts != nullptr && i < parts->cnt; ++i) {
        if (parts->elems[i].err == RD_KAFKA_RESP_ERR_NO_ERROR) continue;
        err = parts->elems[i].err;
        why = std::string(parts->elems[i].topic) + "[" +
              std::to_string(parts->elems[i].partition) +
              "]: " + rd_kafka_err2str(err);
        break;
      }
    }
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) continue;
    if (err == RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE ||
        err == RD_KAFKA_RESP_ERR_UNSUPPORTED_VERSION ||
        err == RD_KAFKA_RESP_ERR_INVALID_REQUEST) {
      // E.g. librdkafka's mock cluster: stop asking.
      purge_unsupported_ = true;
      log(LogLevel::kInfo, log_context_,
          "the cluster does not delete records (" + why +
              "); repartition topics keep what was consumed");
      continue;
    }
    // Not fatal: the records stay until the next purge.
    log(LogLevel::kWarn, log_context_,
        "deleting consumed repartition records failed: " + why);
  }
}

void StreamThread::count_assigned() {
  std::size_t n = 0;
  for (const TopicRoute& r : routes_) {
    for (const Task* t : r.tasks) n += t != nullptr ? 1 : 0;
  }
  assigned_partitions_->set(static_cast<double>(n));
}

void StreamThread::assign(const rd_kafka_topic_partition_list_t& parts) {
  for (int i = 0; i < parts.cnt; ++i) {
    TopicRoute* route = route_of(parts.elems[i].topic);
    if (route == nullptr) continue;
    const std::int32_t p = parts.elems[i].partition;
    const std::pair<int, std::int32_t> key{route->subtopology, p};
    if (tasks_.find(key) == tasks_.end()) {
      // Built before it enters tasks_: a Task whose stores cannot be opened
      // throws, and no null task may be left behind for poll_round() and
      // commit() to dereference.
      tasks_.emplace(
          key, std::make_unique<Task>(topology_.data(), route->subtopology, p,
                                      task_services_));
      std::unique_ptr<Task>& task = tasks_.at(key);
      for (const auto& store : task->stores()) restorer_.enqueue(*store);
      const bool must_restore = std::any_of(
          task->stores().begin(), task->stores().end(),
          [&](const auto& store) { return restorer_.pending(*store); });
      if (must_restore) {
        restoring_.emplace(task.get(), Clock::now());
        log(LogLevel::kInfo, task_context(*task),
            "created task; restoring its stores");
      } else {
        task->initialize();
        log(LogLevel::kInfo, task_context(*task), "created task");
      }
    }
    const auto index = static_cast<std::size_t>(p);
    if (route->tasks.size() <= index) {
      route->tasks.resize(index + 1, nullptr);
      route->next_offset.resize(index + 1, -1);
      route->lag.resize(index + 1, nullptr);
    }
    if (route->lag[index] == nullptr) {
      route->lag[index] =
          &metrics_.gauge("records-lag", "stream-partition-metrics",
                          {{"thread-id", name_},
                           {"topic", route->topic},
                           {"partition", std::to_string(p)}});
    }
    route->tasks[index] = tasks_.at(key).get();
    route->next_offset[index] = -1;
  }
  // Partitions of tasks that restore wait until their stores are complete.
  kafka::PartitionListPtr paused(rd_kafka_topic_partition_list_new(4));
  for (const auto& [task, since] : restoring_) {
    kafka::PartitionListPtr mine = partitions_of(*task);
    for (int i = 0; i < mine->cnt; ++i) {
      rd_kafka_topic_partition_list_add(paused.get(), mine->elems[i].topic,
                                        mine->elems[i].partition);
    }
  }
  if (paused->cnt > 0) {
    if (rd_kafka_resp_err_t err =
            rd_kafka_pause_partitions(consumer_.get(), paused.get())) {
      throw StreamsFatalError(std::string("cannot pause partitions: ") +
                              rd_kafka_err2str(err));
    }
  }
}

LogContext StreamThread::task_context(const Task& task) const {
  LogContext context = log_context_;
  context.task_id = task.task_id();
  return context;
}

kafka::PartitionListPtr StreamThread::partitions_of(const Task& task) const {
  kafka::PartitionListPtr out(rd_kafka_topic_partition_list_new(2));
  for (const TopicRoute& r : routes_) {
    for (std::size_t p = 0; p < r.tasks.size(); ++p) {
      if (r.tasks[p] == &task) {
        rd_kafka_topic_partition_list_add(out.get(), r.topic.c_str(),
                                          static_cast<std::int32_t>(p));
      }
    }
  }
  return out;
}

void StreamThread::restore_round() {
  constexpr std::chrono::milliseconds kRestoreBudget{200};
  if (Status s = restorer_.restore_some(kRestoreBudget); !s.ok()) {
    throw StreamsFatalError("restoring state: " + s.to_string());
  }
  for (auto it = restoring_.begin(); it != restoring_.end();) {
    Task& task = *it->first;
    const bool pending = std::any_of(
        task.stores().begin(), task.stores().end(),
        [&](const auto& store) { return restorer_.pending(*store); });
    if (pending) {
      ++it;
      continue;
    }
    task.initialize();
    kafka::PartitionListPtr mine = partitions_of(task);
    if (rd_kafka_resp_err_t err =
            rd_kafka_resume_partitions(consumer_.get(), mine.get())) {
      throw StreamsFatalError(std::string("cannot resume partitions: ") +
                              rd_kafka_err2str(err));
    }
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
        Clock::now() - it->second);
    log(LogLevel::kInfo, task_context(task),
        "stores restored in " + std::to_string(ms.count()) +
            " ms; processing " + describe_partitions(*mine));
    it = restoring_.erase(it);
  }
  if (restoring_.empty() && !stop_.load() && !failed_.load()) {
    set_state(State::kRunning);
  }
}

void StreamThread::revoke(const rd_kafka_topic_partition_list_t& parts,
                          bool lost) {
  if (lost && eos() && sink_->in_transaction()) {
    // Another member owns these partitions now: nothing of this
    // transaction may become visible.
    (void)sink_->abort_transaction(kFlushTimeout);
  }
  if (!lost && !failed_.load()) {
    Status s = commit(&parts);
    if (!s.ok()) {
      log(LogLevel::kWarn, log_context_,
          "commit before handing partitions away failed: " + s.to_string());
    }
  }
  for (int i = 0; i < parts.cnt; ++i) {
    TopicRoute* route = route_of(parts.elems[i].topic);
    const auto p = static_cast<std::size_t>(parts.elems[i].partition);
    if (route == nullptr || p >= route->tasks.size()) continue;
    route->tasks[p] = nullptr;
    route->next_offset[p] = -1;
    if (p < route->lag.size() && route->lag[p] != nullptr)
      route->lag[p]->set(0);
  }
  // Close the tasks none of whose partitions remain.
  for (auto it = tasks_.begin(); it != tasks_.end();) {
    bool in_use = false;
    for (const TopicRoute& r : routes_) {
      for (const Task* t : r.tasks) in_use = in_use || t == it->second.get();
    }
    if (in_use) {
      ++it;
    } else {
      log(LogLevel::kInfo, task_context(*it->second), "closing task");
      for (const auto& store : it->second->stores()) restorer_.cancel(*store);
      restoring_.erase(it->second.get());
      it->second->close();
      it = tasks_.erase(it);
    }
  }
}

}  // namespace sluice
