// StreamThread: one consumer, one producer, and the tasks of the partitions
// the consumer group assigned to it.
//
// Loop: poll up to max.poll.records records, process each through its task,
// and every commit.interval.ms flush the producer and commit the offsets of
// what was processed (at-least-once: an offset is committed only after every
// output derived from it was acknowledged). Partitions come and go through
// the consumer group's cooperative rebalancing; revoked partitions are
// committed and their tasks closed before they are handed away. A newly
// assigned task restores its stores between polls, with its partitions
// paused, while the thread's other tasks keep processing; it starts
// processing once its stores are up to date.
//
// Thread-safety: start(), request_stop(), state() and failure() may be
// called from any thread; everything else runs on the thread itself.
// Registered as librdkafka's opaque, so neither copyable nor movable.
#ifndef SLUICE_SRC_RUNTIME_STREAM_THREAD_H_
#define SLUICE_SRC_RUNTIME_STREAM_THREAD_H_

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "kafka/offset_committer.h"
#include "kafka/producer_sink.h"
#include "kafka/rd_handles.h"
#include "observe/metrics_registry.h"
#include "runtime/changelog_restorer.h"
#include "runtime/task.h"
#include "sluice/config.h"
#include "sluice/log.h"
#include "sluice/topology.h"

namespace sluice {

class StreamThread {
 public:
  enum class State {
    kCreated,
    kStarting,
    kRebalancing,
    kRunning,
    kPendingShutdown,
    kDead,
    kFailed
  };
  using StateCallback = std::function<void(int index, State state)>;

  StreamThread(int index, Topology topology, const StreamsConfig& config,
               MetricsRegistry& metrics, StoreOpener open_store,
               std::function<void(const std::string&)> on_task_close,
               StateCallback on_state);
  ~StreamThread();
  StreamThread(const StreamThread&) = delete;
  StreamThread& operator=(const StreamThread&) = delete;

  // The cache budget of each store of each task (see TaskServices).
  // REQUIRES: before init().
  void set_store_cache_bytes(std::size_t bytes) {
    task_services_.store_cache_bytes = bytes;
  }
  // Creates the Kafka clients. Errors name the bad property.
  Status init();
  // Starts the thread. REQUIRES: init() succeeded.
  void start();
  // Asks the thread to finish its round, commit and leave the group.
  void request_stop() noexcept { stop_.store(true); }
  // Waits for the thread to end. Safe to call more than once.
  void join();

  State state() const noexcept { return state_.load(); }
  // Why the thread failed; empty unless state() == kFailed.
  std::string failure() const;
  const std::string& name() const noexcept { return name_; }

 private:
  // One source topic: its tasks and next offsets to commit, by partition.
  struct TopicRoute {
    std::string topic;
    int subtopology = 0;
    std::vector<Task*> tasks;
    std::vector<std::int64_t> next_offset;  // -1: nothing processed
    std::vector<Gauge*> lag;                // records-lag, by partition
    bool repartition = false;  // an internal topic this application writes
  };

  void run();
  void poll_round();
  void handle(const rd_kafka_message_t& message,
              std::chrono::steady_clock::time_point polled);
  bool commit_requested() const;
  // Flushes the producer and commits processed offsets. At-least-once, the
  // offset commit goes on in the background (see kafka::OffsetCommitter);
  // with `only`, just those partitions' offsets, and it is waited for.
  Status commit(const rd_kafka_topic_partition_list_t* only = nullptr);
  // At-least-once: collects the outcome of the offset commit in flight,
  // waiting up to `wait`; counts it, and purges below what was committed.
  // kUnavailable when it failed or has not ended.
  Status finish_commit(std::chrono::milliseconds wait);
  // Warns, once per commit, about one in flight for kCommitStallWarning.
  void warn_commit_stall();
  // Exactly-once commit: offsets and outputs in one transaction.
  Status commit_transaction();
  // After an aborted transaction: rebuild every task from committed state and
  // rewind the consumer to the committed offsets.
  void rebuild_tasks();
  // Sets each partition's committed offset (RD_KAFKA_OFFSET_INVALID: none),
  // retrying while the broker cannot tell yet (UNSTABLE_OFFSET_COMMIT: a
  // transaction with offsets for it is still open) or does not answer.
  // Throws StreamsFatalError after offsets_patience_.
  void read_committed_offsets(rd_kafka_topic_partition_list_t& parts);
  // read_committed_offsets(), then RD_KAFKA_OFFSET_BEGINNING where nothing
  // was committed (auto.offset.reset=earliest).
  void start_at_committed_offsets(rd_kafka_topic_partition_list_t& parts);
  kafka::PartitionListPtr processed_offsets() const;
  // A new producer; under exactly-once, init_transactions() is tried again
  // while it times out, for up to `patience`.
  StatusOr<std::unique_ptr<kafka::ProducerSink>> create_producer(
      std::chrono::milliseconds patience) const;
  // A fenced producer is replaced and the tasks rebuilt, once; fenced again
  // within kRefenceWindow, the thread fails.
  Status recover_from_fencing(const std::string& why);
  // Replaces the producer (see create_producer) and rebuilds the tasks from
  // committed state; kUnavailable (the round is to be redone), or kFatal
  // when no new producer could be had.
  Status replace_producer(const std::string& why);
  bool eos() const noexcept {
    return config_.processing_guarantee() ==
           ProcessingGuarantee::kExactlyOnceV2;
  }
  void shutdown();
  void fail(const std::string& why);
  void set_state(State s);

  void rebalance(rd_kafka_resp_err_t err,
                 rd_kafka_topic_partition_list_t* parts);
  // Creates the tasks of newly assigned partitions (which the consumer must
  // already have assigned) and pauses those whose stores need restoring.
  void assign(const rd_kafka_topic_partition_list_t& parts);
  // Restores for a while; tasks whose stores are complete start processing.
  void restore_round();
  // The assigned input partitions of the task `id`.
  kafka::PartitionListPtr partitions_of(const Task& task) const;
  LogContext task_context(const Task& task) const;
  void revoke(const rd_kafka_topic_partition_list_t& parts, bool lost);
  void count_assigned();
  // Every kPurgeInterval, deletes the records of repartition topics below
  // `committed` (offsets just committed: consumed for good); the results
  // arrive on purge_queue_ and are checked by drain_purges().
  void maybe_purge(const rd_kafka_topic_partition_list_t& committed);
  void drain_purges();
  // Updates records-lag (high watermark - processed position) of the
  // assigned partitions from librdkafka's cached watermarks.
  void update_lag();
  TopicRoute* route_of(std::string_view topic);
  static void on_rebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                           rd_kafka_topic_partition_list_t* parts,
                           void* opaque);

  const int index_;
  const std::string name_;
  const Topology topology_;
  const StreamsConfig& config_;
  const LogContext log_context_;  // views of config_ and name_
  MetricsRegistry& metrics_;
  StoreOpener open_store_;
  std::function<void(const std::string&)> on_task_close_;
  StateCallback on_state_;
  TaskServices task_services_;

  std::map<std::string, std::string, std::less<>> producer_properties_;
  std::unique_ptr<kafka::ProducerSink> sink_;
  std::optional<std::chrono::steady_clock::time_point> last_fenced_;
  static constexpr std::chrono::minutes kRefenceWindow{1};
  // How long a replacement producer may wait for the transaction
  // coordinator (a broker restarting, a coordinator moving).
  static constexpr std::chrono::minutes kProducerRecoveryTimeout{5};
  ChangelogRestorer restorer_;
  std::vector<TopicRoute> routes_;
  std::map<std::pair<int, std::int32_t>, std::unique_ptr<Task>> tasks_;
  // Tasks whose stores are being restored, with the time they started.
  std::map<Task*, std::chrono::steady_clock::time_point> restoring_;
  bool offsets_dirty_ = false;
  // How long read_committed_offsets() retries (committed_offsets_patience()
  // of the consumer's settings).
  std::chrono::milliseconds offsets_patience_{60'000};
  // When the commit in flight began (its flush included).
  std::chrono::steady_clock::time_point commit_started_;
  bool commit_stall_warned_ = false;
  std::chrono::steady_clock::time_point next_commit_;
  Headers scratch_headers_;
  static constexpr std::chrono::seconds kPurgeInterval{30};
  std::chrono::steady_clock::time_point next_purge_;
  bool purge_unsupported_ = false;
  std::uint64_t consumer_errors_ = 0;

  std::atomic<bool> stop_{false};
  std::atomic<bool> failed_{false};
  std::atomic<State> state_{State::kCreated};
  mutable std::mutex failure_mutex_;
  std::string failure_;
  std::thread thread_;

  Counter* commits_;
  Counter* commit_failures_;
  Gauge* commit_latency_ms_;
  Gauge* assigned_partitions_;
  // From the poll that returned a record to the end of its processing, all
  // its outputs handed to the producer.
  LatencyHistogram* process_latency_;
  // Declared last so it is destroyed first: closing it may call
  // on_rebalance, which uses the members above.
  kafka::ClientPtr consumer_;
  // Results of the consumer's DeleteRecords requests; destroyed before it.
  kafka::QueuePtr purge_queue_;
  // At-least-once offset commits, also those of the revocation callback
  // that closing the consumer calls; destroyed before the consumer.
  std::unique_ptr<kafka::OffsetCommitter> committer_;
};

std::string_view thread_state_name(StreamThread::State state) noexcept;

}  // namespace sluice

#endif  // SLUICE_SRC_RUNTIME_STREAM_THREAD_H_
