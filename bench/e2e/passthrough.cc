// e2e-passthrough: the ceiling of the end-to-end benchmark. A bare
// librdkafka consume -> produce loop that, with IO_SHAPE=copy (the
// default), copies every record of INPUT_TOPIC (key, value, headers,
// timestamp, same partition) to OUTPUT_TOPIC, and with IO_SHAPE=traffic
// does the Kafka I/O of the traffic topology without its work (DLQ_TOPIC,
// AGG_TOPIC and two internal topics; passthrough_routes.h), with the
// guarantee the contenders use:
//
//   exactly_once_v2  a transactional producer; every COMMIT_INTERVAL_MS
//                    (default 100, like sluice) the consumed positions go
//                    into the transaction with send_offsets_to_transaction
//                    and the transaction commits.
//   at_least_once    a plain producer; every COMMIT_INTERVAL_MS (default
//                    30000) it flushes, then commits the consumed offsets.
//
// Configured like the peers (bench/peers/): BOOTSTRAP, APPLICATION_ID (the
// consumer group and the transactional id's prefix), INPUT_TOPIC,
// OUTPUT_TOPIC, DLQ_TOPIC, AGG_TOPIC, GUARANTEE, COMMIT_INTERVAL_MS,
// IO_SHAPE. Runs until SIGTERM/SIGINT,
// then commits what it consumed and exits 0; exits 1 on a fatal error.

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "kafka/fetch_defaults.h"
#include "kafka/producer_defaults.h"
#include "kafka/rd_handles.h"
#include "passthrough_routes.h"
#include "rd_client.h"
#include "runtime/commit_schedule.h"
#include "sluice/shutdown_signal.h"

namespace {

using e2e::make_client;
using sluice::kafka::ClientPtr;
using sluice::kafka::ErrorPtr;
using sluice::kafka::PartitionListPtr;
using Clock = std::chrono::steady_clock;

// The consumer's prefetch bound, and the fetch settings that let it be
// small, as in sluice's stream threads (framework/src/kafka/fetch_defaults.h):
// without them librdkafka idles a second whenever the bound is reached, and
// the ceiling would be librdkafka's back-off, not its speed.
constexpr std::size_t kPrefetchKbytes = 4096;
// Records per poll round: sluice's max.poll.records default.
constexpr int kRoundRecords = 1000;

struct Settings {
  std::string bootstrap;
  std::string group;
  e2e::IoShape shape = e2e::IoShape::kCopy;
  e2e::RouteTopics topics;
  bool exactly_once = true;
  std::chrono::milliseconds commit_interval{100};
};

std::string env_or(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

Settings read_settings() {
  Settings s;
  s.bootstrap = env_or("BOOTSTRAP", "localhost:9092");
  s.group = env_or("APPLICATION_ID", "e2e-passthrough");
  s.shape = e2e::parse_io_shape(env_or("IO_SHAPE", "copy"));
  s.topics = e2e::route_topics(s.group, env_or("INPUT_TOPIC", "traffic-raw"),
                               env_or("OUTPUT_TOPIC", "traffic-events"),
                               env_or("DLQ_TOPIC", "traffic-dlq"),
                               env_or("AGG_TOPIC", "traffic-aggregates"));
  const std::string guarantee = env_or("GUARANTEE", "exactly_once_v2");
  if (guarantee != "exactly_once_v2" && guarantee != "at_least_once") {
    throw std::invalid_argument("GUARANTEE: '" + guarantee +
                                "' is not exactly_once_v2 or at_least_once");
  }
  s.exactly_once = guarantee == "exactly_once_v2";
  s.commit_interval = std::chrono::milliseconds(std::stol(
      env_or("COMMIT_INTERVAL_MS", s.exactly_once ? "100" : "30000")));
  return s;
}

void check(rd_kafka_resp_err_t err, const char* what) {
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw std::runtime_error(std::string(what) + ": " + rd_kafka_err2str(err));
  }
}

void check(rd_kafka_error_t* raw, const char* what) {
  ErrorPtr error(raw);
  if (error) {
    throw std::runtime_error(std::string(what) + ": " +
                             rd_kafka_error_string(error.get()));
  }
}

// Sends consumed records where the I/O shape routes them and commits them
// with the configured guarantee. Not thread-safe; neither copyable nor movable.
class Passthrough {
 public:
  explicit Passthrough(Settings s) : s_(std::move(s)) {
    std::vector<std::pair<std::string, std::string>> consumer = {
        {"bootstrap.servers", s_.bootstrap},
        {"group.id", s_.group},
        {"auto.offset.reset", "earliest"},
        {"enable.auto.commit", "false"},
        {"enable.auto.offset.store", "true"},
        {"isolation.level", "read_committed"},
        {"enable.partition.eof", "false"},
        {"queued.max.messages.kbytes", std::to_string(kPrefetchKbytes)}};
    // The stream thread's fetch settings, so that the ceiling fetches as
    // sluice does.
    for (const auto& setting : sluice::kafka::fetch_defaults()) {
      consumer.push_back(setting);
    }
    consumer_ = make_client(RD_KAFKA_CONSUMER, consumer);
    // The stream thread's producer settings, so that the ceiling produces
    // as sluice does.
    std::vector<std::pair<std::string, std::string>> producer = {
        {"bootstrap.servers", s_.bootstrap}};
    for (const auto& setting : sluice::kafka::producer_defaults()) {
      producer.push_back(setting);
    }
    if (s_.exactly_once) {
      producer.emplace_back("transactional.id", s_.group + "-passthrough-0");
    }
    producer_ = make_client(RD_KAFKA_PRODUCER, producer);
    if (s_.exactly_once) {
      check(rd_kafka_init_transactions(producer_.get(), 30000),
            "init_transactions");
    }
    rd_kafka_poll_set_consumer(consumer_.get());
    PartitionListPtr topics(rd_kafka_topic_partition_list_new(2));
    rd_kafka_topic_partition_list_add(topics.get(), s_.topics.input.c_str(),
                                      RD_KAFKA_PARTITION_UA);
    if (s_.shape == e2e::IoShape::kTraffic) {
      rd_kafka_topic_partition_list_add(
          topics.get(), s_.topics.repartition.c_str(), RD_KAFKA_PARTITION_UA);
    }
    check(rd_kafka_subscribe(consumer_.get(), topics.get()), "subscribe");
  }
  Passthrough(const Passthrough&) = delete;
  Passthrough& operator=(const Passthrough&) = delete;

  // Runs until `signal` is requested, then commits and closes.
  void run(const sluice::ShutdownSignal& signal) {
    Clock::time_point next_commit = Clock::now() + s_.commit_interval;
    while (!signal.requested()) {
      // Rounds of up to kRoundRecords, as sluice's stream thread polls
      // (max.poll.records): the producer's delivery reports are served
      // once a round, not once a record.
      for (int i = 0; i < kRoundRecords; ++i) {
        sluice::kafka::MessagePtr message(
            rd_kafka_consumer_poll(consumer_.get(), i == 0 ? 10 : 0));
        if (!message) break;
        if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) route(*message);
      }
      rd_kafka_poll(producer_.get(), 0);
      if (const Clock::time_point started = Clock::now();
          started >= next_commit) {
        commit();
        next_commit = sluice::detail::next_commit_due(started, Clock::now(),
                                                      s_.commit_interval);
      }
    }
    commit();
    rd_kafka_consumer_close(consumer_.get());
  }

 private:
  void route(const rd_kafka_message_t& in) {
    if (s_.exactly_once && !in_transaction_) {
      check(rd_kafka_begin_transaction(producer_.get()), "begin_transaction");
      in_transaction_ = true;
    }
    const e2e::Consumed consumed{
        rd_kafka_topic_name(in.rkt), in.partition, in.offset,
        std::string_view(static_cast<const char*>(in.key), in.key_len),
        std::string_view(static_cast<const char*>(in.payload), in.len)};
    const e2e::Routes routes = e2e::routes_for(s_.shape, s_.topics, consumed);
    for (std::size_t i = 0; i < routes.count; ++i) {
      produce(in, routes.routes[i]);
    }
  }

  // Produces `out`, with the timestamp (and, if asked, the headers) of
  // `in`; waits while librdkafka's queue is full.
  void produce(const rd_kafka_message_t& in, const e2e::Route& out) {
    sluice::kafka::HeadersPtr headers;
    rd_kafka_headers_t* in_headers = nullptr;
    if (out.copy_headers && rd_kafka_message_headers(&in, &in_headers) ==
                                RD_KAFKA_RESP_ERR_NO_ERROR) {
      headers.reset(rd_kafka_headers_copy(in_headers));
    }
    rd_kafka_timestamp_type_t type;
    const std::int64_t timestamp = rd_kafka_message_timestamp(&in, &type);
    // rd_kafka_produceva: the producev macros use C casts.
    rd_kafka_vu_t vu[7];
    vu[0].vtype = RD_KAFKA_VTYPE_TOPIC;
    vu[0].u.cstr = out.topic->c_str();
    vu[1].vtype = RD_KAFKA_VTYPE_PARTITION;
    vu[1].u.i32 = out.partition;
    vu[2].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
    vu[2].u.i = RD_KAFKA_MSG_F_COPY;
    vu[3].vtype = RD_KAFKA_VTYPE_KEY;
    vu[3].u.mem = {const_cast<char*>(out.key.data()), out.key.size()};
    vu[4].vtype = RD_KAFKA_VTYPE_VALUE;
    vu[4].u.mem = {const_cast<char*>(out.value.data()), out.value.size()};
    vu[5].vtype = RD_KAFKA_VTYPE_TIMESTAMP;
    vu[5].u.i64 = timestamp > 0 ? timestamp : 0;
    vu[6].vtype = RD_KAFKA_VTYPE_HEADERS;
    vu[6].u.headers = headers.get();
    while (true) {
      ErrorPtr error(rd_kafka_produceva(producer_.get(), vu, 7));
      const rd_kafka_resp_err_t err =
          error ? rd_kafka_error_code(error.get()) : RD_KAFKA_RESP_ERR_NO_ERROR;
      if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        (void)headers.release();  // owned by the message now
        return;
      }
      if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) check(err, "produce");
      rd_kafka_poll(producer_.get(), 5);
    }
  }

  void commit() {
    if (s_.exactly_once) {
      if (!in_transaction_) return;
      PartitionListPtr positions(positions_of_assignment());
      std::unique_ptr<
          rd_kafka_consumer_group_metadata_t,
          sluice::kafka::RdDeleter<&rd_kafka_consumer_group_metadata_destroy>>
          metadata(rd_kafka_consumer_group_metadata(consumer_.get()));
      check(rd_kafka_send_offsets_to_transaction(
                producer_.get(), positions.get(), metadata.get(), 30000),
            "send_offsets_to_transaction");
      check(rd_kafka_commit_transaction(producer_.get(), 30000),
            "commit_transaction");
      in_transaction_ = false;
      return;
    }
    check(rd_kafka_flush(producer_.get(), 30000), "flush");
    const rd_kafka_resp_err_t err =
        rd_kafka_commit(consumer_.get(), nullptr, 0);
    if (err != RD_KAFKA_RESP_ERR__NO_OFFSET) check(err, "commit");
  }

  rd_kafka_topic_partition_list_t* positions_of_assignment() {
    rd_kafka_topic_partition_list_t* assignment = nullptr;
    check(rd_kafka_assignment(consumer_.get(), &assignment), "assignment");
    check(rd_kafka_position(consumer_.get(), assignment), "position");
    return assignment;
  }

  Settings s_;
  ClientPtr consumer_;
  ClientPtr producer_;
  bool in_transaction_ = false;
};

}  // namespace

int main() {
  try {
    sluice::ShutdownSignal signal;
    Passthrough passthrough(read_settings());
    passthrough.run(signal);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "e2e-passthrough: %s\n", e.what());
  }
  return 1;
}
