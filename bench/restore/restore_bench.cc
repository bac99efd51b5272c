// How long a lost state takes to come back from its changelog.
//
// Writes --mb megabytes of key/value records straight into the changelog
// partition of an aggregate store, then starts an instance with an empty
// state.dir and times it from start() to RUNNING, which is when the store
// is restored. Against a real broker (default: the one of
// scripts/kafka-local.sh). Prints MB/s and seconds per GB of changelog.
//
//   sluice_bench_restore [--bootstrap host:port] [--mb 256] [--value-bytes 200]
#include <librdkafka/rdkafka.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>

#include "sluice/sluice.h"
#include "sluice/testing/test_client.h"

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string bootstrap = "127.0.0.1:19092";
  long mb = 256;
  long value_bytes = 200;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view flag = argv[i];
    if (flag == "--bootstrap") {
      o.bootstrap = argv[i + 1];
    } else if (flag == "--mb") {
      o.mb = std::atol(argv[i + 1]);
    } else if (flag == "--value-bytes") {
      o.value_bytes = std::atol(argv[i + 1]);
    } else {
      throw std::invalid_argument("unknown flag " + std::string(flag));
    }
  }
  if (o.mb <= 0 || o.value_bytes <= 0) {
    throw std::invalid_argument("--mb and --value-bytes must be positive");
  }
  return o;
}

void check(rd_kafka_resp_err_t err, const char* what) {
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw std::runtime_error(std::string(what) + ": " + rd_kafka_err2str(err));
  }
}

// Produces `count` records of `value_bytes` to partition 0 of `topic`.
void fill(const Options& o, const std::string& topic, long count) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  for (const auto& [k, v] : {std::pair{"bootstrap.servers", o.bootstrap},
                             {"linger.ms", "20"},
                             {"batch.size", "1000000"},
                             {"compression.type", "lz4"}}) {
    if (rd_kafka_conf_set(conf, k, v.c_str(), err, sizeof err) !=
        RD_KAFKA_CONF_OK) {
      throw std::runtime_error(err);
    }
  }
  const std::unique_ptr<rd_kafka_t, decltype(&rd_kafka_destroy)> producer(
      rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err),
      &rd_kafka_destroy);
  if (!producer) throw std::runtime_error(err);
  rd_kafka_t* rk = producer.get();
  const std::unique_ptr<rd_kafka_topic_t, decltype(&rd_kafka_topic_destroy)>
      handle(rd_kafka_topic_new(rk, topic.c_str(), nullptr),
             &rd_kafka_topic_destroy);
  rd_kafka_topic_t* topic_handle = handle.get();
  std::string value(static_cast<std::size_t>(o.value_bytes), 'v');
  char key[32];
  for (long i = 0; i < count; ++i) {
    const int key_len = std::snprintf(key, sizeof key, "key-%012ld", i);
    value[static_cast<std::size_t>(i) % value.size()] =
        static_cast<char>('a' + i % 26);
    while (rd_kafka_produce(topic_handle, 0, RD_KAFKA_MSG_F_COPY, value.data(),
                            value.size(), key,
                            static_cast<std::size_t>(key_len), nullptr) != 0) {
      const rd_kafka_resp_err_t e = rd_kafka_last_error();
      if (e != RD_KAFKA_RESP_ERR__QUEUE_FULL) check(e, "produce");
      rd_kafka_poll(rk, 10);
    }
    if (i % 100'000 == 0) {
      std::fprintf(stderr, "\rfilling the changelog: %ld%%", i * 100 / count);
    }
  }
  check(rd_kafka_flush(rk, 300'000), "flush");
  std::fprintf(stderr, "\rfilling the changelog: done\n");
}

int run(const Options& o) {
  const std::string id = std::to_string(::getpid());
  const std::string app = "restore-bench-" + id;
  const std::string input = app + "-in";
  const std::string changelog = app + "-agg-changelog";
  sluice::testing::create_topics(o.bootstrap, {input, changelog}, 1);
  const long per_record = 16 + o.value_bytes;
  const long count = o.mb * 1024 * 1024 / per_record;
  const auto fill_start = Clock::now();
  fill(o, changelog, count);
  const double fill_s =
      std::chrono::duration<double>(Clock::now() - fill_start).count();

  sluice::StreamsBuilder b;
  b.stream(input, sluice::Consumed::with(sluice::Serdes::string(),
                                         sluice::Serdes::string()))
      .group_by_key()
      .reduce([](const std::string&, const std::string& v) { return v; },
              sluice::Materialized::as("agg"));
  const auto dir = std::filesystem::temp_directory_path() / app;
  sluice::KafkaStreams streams(
      b.build().value(),
      sluice::StreamsConfig{{"application.id", app},
                            {"bootstrap.servers", o.bootstrap},
                            {"state.dir", dir.string()},
                            {"startup.timeout.ms", "600000"}});
  const auto started = Clock::now();
  if (sluice::Status s = streams.start(); !s.ok()) {
    std::cerr << "start: " << s.to_string() << "\n";
    return 1;
  }
  if (!streams.wait_for_state(sluice::KafkaStreams::State::kRunning, 1h)) {
    std::cerr << "not RUNNING after an hour\n";
    return 1;
  }
  const double restore_s =
      std::chrono::duration<double>(Clock::now() - started).count();
  const double restored =
      sluice::metric_sum(streams.metrics(), "restore-records-total");
  const double restore_ms =
      sluice::metric_sum(streams.metrics(), "restore-latency-ms");
  // The store holds the first and the last key written.
  auto store = streams.key_value_store<std::string, std::string>("agg");
  char last[32];
  std::snprintf(last, sizeof last, "key-%012ld", count - 1);
  const bool complete =
      store.ok() && store->get("key-000000000000") && store->get(last);
  const double mb = static_cast<double>(count * per_record) / (1024 * 1024);
  std::printf(
      "changelog: %ld records, %.0f MB (key 16 B + value %ld B), filled in "
      "%.1f s\n"
      "restored:  %.0f records in %.1f s (the restore itself: %.1f s; the "
      "rest is joining the group); first and last key %s\n"
      "rate:      %.1f MB/s, %.0f records/s -> %.0f s per GB of changelog\n",
      count, mb, o.value_bytes, fill_s, restored, restore_s, restore_ms / 1000,
      complete ? "present" : "MISSING", mb / restore_s, restored / restore_s,
      1024.0 / (mb / restore_s));
  streams.close(60s);
  std::filesystem::remove_all(dir);
  return restored == static_cast<double>(count) && complete ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(parse(argc, argv));
  } catch (const std::exception& e) {
    std::cerr << "sluice_bench_restore: " << e.what() << "\n";
    return 2;
  }
}
