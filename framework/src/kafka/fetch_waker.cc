#include "kafka/fetch_waker.h"

#include <algorithm>
#include <charconv>
#include <string>
#include <string_view>

#include "kafka/rd_handles.h"

namespace sluice::kafka {
namespace {

std::size_t conf_number(const rd_kafka_conf_t& conf, const char* name,
                        std::size_t fallback) {
  char value[32];
  std::size_t size = sizeof value;
  if (rd_kafka_conf_get(&conf, name, value, &size) != RD_KAFKA_CONF_OK) {
    return fallback;
  }
  const std::string_view text(value);
  std::size_t n = 0;
  const auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), n);
  return ec == std::errc() && end == text.data() + text.size() && n > 0
             ? n
             : fallback;
}

}  // namespace

Properties fetch_defaults(int librdkafka_version) {
  constexpr int kFirstWithFetchQueueBackoff = 0x02010000;  // 2.1.0
  if (librdkafka_version < kFirstWithFetchQueueBackoff) return {};
  return {{"fetch.queue.backoff.ms", std::to_string(kFetchQueueBackoffMs)}};
}

FetchWaker::Bounds FetchWaker::bounds_of(const rd_kafka_conf_t& conf) {
  const Bounds defaults;
  return {conf_number(conf, "queued.max.messages.kbytes",
                      defaults.queue_bytes / 1024) *
              1024,
          conf_number(conf, "queued.min.messages", defaults.queue_messages)};
}

FetchWaker::FetchWaker(rd_kafka_t* consumer, Bounds bounds)
    : consumer_(consumer),
      wake_bytes_(std::max<std::size_t>(bounds.queue_bytes / 2, 1)),
      wake_messages_(std::max<std::size_t>(bounds.queue_messages / 2, 1)) {}

FetchWaker::~FetchWaker() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

std::uint64_t FetchWaker::wakeups_sent() const {
  std::lock_guard lock(mutex_);
  return sent_;
}

void FetchWaker::wake() {
  bytes_ = 0;
  messages_ = 0;
  ++requested_;
  {
    std::lock_guard lock(mutex_);
    pending_ = true;
  }
  if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
  cv_.notify_one();
}

void FetchWaker::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    cv_.wait(lock, [this] { return pending_ || stop_; });
    if (stop_) return;
    pending_ = false;
    lock.unlock();
    send_wakeup();
    lock.lock();
    ++sent_;
  }
}

void FetchWaker::send_wakeup() {
  rd_kafka_topic_partition_list_t* assigned = nullptr;
  if (rd_kafka_assignment(consumer_, &assigned) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return;
  }
  PartitionListPtr parts(assigned);
  if (parts->cnt == 0) return;
  // "The latest offset" (a timestamp of -1): the cheapest question, asked
  // of each leader once; only the asking matters.
  for (int i = 0; i < parts->cnt; ++i) {
    parts->elems[i].offset = RD_KAFKA_OFFSET_END;
  }
  (void)rd_kafka_offsets_for_times(consumer_, parts.get(), kRequestTimeoutMs);
}

}  // namespace sluice::kafka
