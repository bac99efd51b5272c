#include "sluice/kafka_streams.h"

#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "dsl/topology_data.h"
#include "kafka/client_factory.h"
#include "kafka/internal_topics.h"
#include "observe/metrics_registry.h"
#include "runtime/state_manager.h"
#include "runtime/stream_thread.h"
#include "runtime/task.h"
#include "sluice/log.h"

namespace sluice {

using State = KafkaStreams::State;

std::string_view state_name(State state) noexcept {
  switch (state) {
    case State::kCreated: return "CREATED";
    case State::kRebalancing: return "REBALANCING";
    case State::kRunning: return "RUNNING";
    case State::kPendingShutdown: return "PENDING_SHUTDOWN";
    case State::kNotRunning: return "NOT_RUNNING";
    case State::kError: return "ERROR";
  }
  return "?";
}

struct KafkaStreams::Impl {
  Impl(Topology t, StreamsConfig c)
      : topology(std::move(t)), config(std::move(c)), stores(config) {}

  // Moves to `next` unless the current state is final for that path, and
  // tells the listener. Call with `mutex` held; notifies after unlocking.
  void transition(std::unique_lock<std::mutex>& lock, State next) {
    if (state == next) return;
    if (state == State::kError) return;  // ERROR is terminal
    if ((state == State::kPendingShutdown || state == State::kNotRunning) &&
        next != State::kNotRunning && next != State::kError) {
      return;
    }
    const State old = state;
    state = next;
    log(LogLevel::kInfo, LogContext{config.application_id(), {}, {}},
        "state " + std::string(state_name(old)) + " -> " +
            std::string(state_name(next)));
    changed.notify_all();
    StateListener l = listener;
    lock.unlock();
    if (l) l(next, old);
    lock.lock();
  }

  // Recomputes the instance state from the threads' states.
  void on_thread_state(int /*index*/, StreamThread::State) {
    std::unique_lock lock(mutex);
    bool all_running = true;
    bool any_failed = false;
    for (const auto& t : threads) {
      const StreamThread::State s = t->state();
      any_failed = any_failed || s == StreamThread::State::kFailed;
      all_running = all_running && s == StreamThread::State::kRunning;
    }
    if (any_failed) {
      for (const auto& t : threads) {
        if (t->state() == StreamThread::State::kFailed && error.empty()) {
          error = t->name() + ": " + t->failure();
        }
        t->request_stop();
      }
      transition(lock, State::kError);
    } else if (state == State::kRebalancing || state == State::kRunning) {
      transition(lock, all_running ? State::kRunning : State::kRebalancing);
    }
  }

  // A topology with persistent stores needs a usable state.dir: say so at
  // start(), not at the first assignment (where the stream thread would
  // fail instead).
  Status check_state_dir() const {
    bool persistent = false;
    for (const auto& node : topology.data().nodes) {
      for (const auto& store : node.stores) {
        persistent = persistent || !store.in_memory;
      }
    }
    if (!persistent) return {};
    const std::filesystem::path dir =
        std::filesystem::path(config.state_dir()) / config.application_id();
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
      return failed_precondition("state.dir " + config.state_dir() +
                                 " is not usable: cannot create " +
                                 dir.string() + ": " + ec.message());
    }
    const std::filesystem::path probe =
        dir / (".sluice-write-check-" + std::to_string(::getpid()));
    errno = 0;
    const bool written = static_cast<bool>(std::ofstream(probe) << "ok");
    const int write_errno = errno;
    std::filesystem::remove(probe, ec);
    if (!written) {
      return failed_precondition("state.dir " + config.state_dir() +
                                 " is not usable: cannot write in " +
                                 dir.string() + ": " +
                                 std::strerror(write_errno));
    }
    return {};
  }

  Status check_cluster() {
    StatusOr<kafka::ConfPtr> conf = kafka::make_conf([&] {
      kafka::Properties p = config.admin_properties();
      p["bootstrap.servers"] = config.bootstrap_servers();
      p["client.id"] = config.client_id() + "-admin";
      return p;
    }());
    if (!conf.ok()) return conf.status();
    StatusOr<kafka::ClientPtr> admin =
        kafka::make_client(RD_KAFKA_PRODUCER, std::move(*conf));
    if (!admin.ok()) return admin.status();
    StatusOr<std::map<std::string, int>> topics =
        kafka::list_topics(admin->get(), config.startup_timeout());
    if (!topics.ok()) {
      return Status(StatusCode::kUnavailable,
                    "no broker at " + config.bootstrap_servers() +
                        " answered: " + topics.status().message());
    }
    std::string missing;
    for (const std::string& topic : topology.source_topics()) {
      if (topology.data().is_internal(topic)) continue;
      if (topics->count(topic) == 0)
        missing += (missing.empty() ? "" : ", ") + topic;
    }
    if (!missing.empty()) {
      return not_found("source topics do not exist: " + missing +
                       " (create them before starting)");
    }
    StatusOr<std::vector<kafka::InternalTopic>> internal =
        internal_topics(*topics);
    if (!internal.ok()) return internal.status();
    // statestore.cache.max.bytes bounds the instance, as in Kafka Streams:
    // it is shared by every store partition the application has, so that
    // however many of them this instance gets, their caches fit.
    std::size_t store_partitions = 0;
    for (const kafka::InternalTopic& t : *internal) {
      if (t.name.ends_with("-changelog"))
        store_partitions += static_cast<std::size_t>(t.partitions);
    }
    store_cache_bytes =
        config.cache_max_bytes() / std::max<std::size_t>(store_partitions, 1);
    if (Status s =
            kafka::ensure_topics(admin->get(), config.bootstrap_servers(),
                                 *topics, *internal, config.startup_timeout());
        !s.ok()) {
      return s;
    }
    return wait_until_visible(admin->get(), *internal);
  }

  // New topics take a moment to appear in the brokers' metadata; a consumer
  // that subscribes before that only sees them at its next periodic metadata
  // refresh (minutes). So start() waits until every internal topic is there
  // with all its partitions.
  Status wait_until_visible(
      rd_kafka_t* admin,
      const std::vector<kafka::InternalTopic>& internal) const {
    const auto deadline =
        std::chrono::steady_clock::now() + config.startup_timeout();
    std::string missing;
    while (std::chrono::steady_clock::now() < deadline) {
      StatusOr<std::map<std::string, int>> now =
          kafka::list_topics(admin, config.startup_timeout());
      if (!now.ok()) return now.status();
      missing.clear();
      for (const kafka::InternalTopic& t : internal) {
        auto it = now->find(t.name);
        if (it == now->end() || it->second != t.partitions) {
          missing += (missing.empty() ? "" : ", ") + t.name;
        }
      }
      if (missing.empty()) return {};
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return Status(
        StatusCode::kTimeout,
        "internal topics did not appear in the cluster metadata: " + missing);
  }

  // One changelog per store, with as many partitions as the sources of its
  // sub-topology (which must agree: a task owns partition p of all of them),
  // and each repartition topic with as many partitions as the sources of the
  // sub-topology that writes it. Writers come before readers in sub-topology
  // order, so one pass in that order knows every count it needs.
  StatusOr<std::vector<kafka::InternalTopic>> internal_topics(
      const std::map<std::string, int>& topics) const {
    const detail::TopologyData& data = topology.data();
    std::vector<kafka::InternalTopic> out;
    std::map<std::string, int> repartition_partitions;
    std::vector<int> partitions_of(data.subtopologies.size(), 0);
    for (const auto& sub : data.subtopologies) {
      int partitions = 0;
      for (const std::string& t : sub.source_topics) {
        const int n =
            data.is_internal(t) ? repartition_partitions.at(t) : topics.at(t);
        if (partitions != 0 && n != partitions) {
          return failed_precondition(
              "the source topics of sub-topology " + std::to_string(sub.id) +
              " are not co-partitioned: " + t + " has " + std::to_string(n) +
              " partitions, others " + std::to_string(partitions));
        }
        partitions = n;
      }
      partitions_of[static_cast<std::size_t>(sub.id)] = partitions;
      for (const auto& [topic, writer] : data.internal_topic_writer) {
        if (writer != sub.id) continue;
        repartition_partitions[topic] = partitions;
        kafka::InternalTopic t;
        t.name = data.resolve(config.application_id(), topic);
        t.partitions = partitions;
        // Records keep their (event) timestamps, which may be old: time
        // retention could delete them before they are read. The stream
        // threads delete what they committed instead (DeleteRecords).
        t.configs = {{"cleanup.policy", "delete"}, {"retention.ms", "-1"}};
        out.push_back(std::move(t));
      }
      for (detail::NodeId id : sub.nodes) {
        for (const detail::StoreSpec& store : data.nodes[id].stores) {
          kafka::InternalTopic t;
          t.name = changelog_topic(config.application_id(), store.name);
          t.partitions = partitions;
          if (store.windowed) {
            // Windows expire: keep a day beyond the store's retention.
            t.configs = {{"cleanup.policy", "compact,delete"},
                         {"retention.ms",
                          std::to_string(store.retention_ms + 86'400'000)}};
          } else {
            t.configs = {{"cleanup.policy", "compact"}};
          }
          out.push_back(std::move(t));
        }
      }
    }
    return out;
  }

  Topology topology;
  StreamsConfig config;
  MetricsRegistry metrics;
  std::size_t store_cache_bytes = 0;  // per store partition; set by start()
  StateManager stores;
  mutable std::mutex mutex;
  mutable std::condition_variable changed;
  State state = State::kCreated;
  StateListener listener;
  std::string error;
  std::vector<std::unique_ptr<StreamThread>> threads;
};

KafkaStreams::KafkaStreams(Topology topology, StreamsConfig config)
    : impl_(std::make_unique<Impl>(std::move(topology), std::move(config))) {}

KafkaStreams::~KafkaStreams() { close(); }

void KafkaStreams::set_state_listener(StateListener listener) {
  std::lock_guard lock(impl_->mutex);
  impl_->listener = std::move(listener);
}

Status KafkaStreams::start() {
  {
    std::lock_guard lock(impl_->mutex);
    if (impl_->state != State::kCreated) {
      return failed_precondition("start() needs state CREATED, not " +
                                 std::string(state_name(impl_->state)));
    }
  }
  if (Status s = impl_->check_state_dir(); !s.ok()) return s;
  if (Status s = impl_->check_cluster(); !s.ok()) return s;
  std::vector<std::unique_ptr<StreamThread>> threads;
  for (int i = 0; i < impl_->config.num_stream_threads(); ++i) {
    threads.push_back(std::make_unique<StreamThread>(
        i, impl_->topology, impl_->config, impl_->metrics,
        [impl = impl_.get()](const detail::StoreSpec& spec,
                             const std::string& task, std::int32_t partition) {
          return impl->stores.open(spec, task, partition);
        },
        [impl = impl_.get()](const std::string& task) {
          impl->stores.release(task);
        },
        [impl = impl_.get()](int index, StreamThread::State s) {
          impl->on_thread_state(index, s);
        }));
    threads.back()->set_store_cache_bytes(impl_->store_cache_bytes);
    if (Status s = threads.back()->init(); !s.ok()) return s;
  }
  {
    std::unique_lock lock(impl_->mutex);
    impl_->threads = std::move(threads);
    impl_->transition(lock, State::kRebalancing);
  }
  for (auto& t : impl_->threads) t->start();
  return {};
}

bool KafkaStreams::close(std::chrono::milliseconds timeout) {
  {
    std::unique_lock lock(impl_->mutex);
    if (impl_->state == State::kCreated) {
      impl_->transition(lock, State::kNotRunning);
      return true;
    }
    if (impl_->state != State::kError) {
      impl_->transition(lock, State::kPendingShutdown);
    }
    for (auto& t : impl_->threads) t->request_stop();
  }
  const auto deadline = timeout == std::chrono::milliseconds::max()
                            ? std::chrono::steady_clock::time_point::max()
                            : std::chrono::steady_clock::now() + timeout;
  for (auto& t : impl_->threads) {
    while (t->state() != StreamThread::State::kDead &&
           t->state() != StreamThread::State::kFailed &&
           t->state() != StreamThread::State::kCreated) {
      if (std::chrono::steady_clock::now() >= deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    t->join();
  }
  std::unique_lock lock(impl_->mutex);
  if (impl_->state != State::kError)
    impl_->transition(lock, State::kNotRunning);
  return true;
}

State KafkaStreams::state() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->state;
}

bool KafkaStreams::wait_for_state(State state,
                                  std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->mutex);
  return impl_->changed.wait_for(lock, timeout,
                                 [&] { return impl_->state == state; });
}

std::string KafkaStreams::error_message() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->error;
}

std::vector<MetricValue> KafkaStreams::metrics() const {
  return impl_->metrics.snapshot();
}

StatusOr<StoreSnapshot> KafkaStreams::store_snapshot(
    const std::string& store) const {
  bool declared = false;
  for (const auto& node : impl_->topology.data().nodes) {
    for (const auto& s : node.stores) declared = declared || s.name == store;
  }
  if (!declared) return not_found("the topology has no store named " + store);
  const State s = state();
  if (s != State::kRunning && s != State::kRebalancing) {
    return failed_precondition(
        "stores can be queried while RUNNING or REBALANCING, not " +
        std::string(state_name(s)));
  }
  return impl_->stores.snapshot(store);
}

}  // namespace sluice
