#include "sluice/testing/test_client.h"

#include <librdkafka/rdkafka.h>

#include <memory>
#include <stdexcept>

namespace sluice::testing {
namespace {

using Client = std::unique_ptr<rd_kafka_t, decltype(&rd_kafka_destroy)>;

Client make(rd_kafka_type_t type,
            const std::map<std::string, std::string>& props) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char err[512];
  for (const auto& [k, v] : props) {
    if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof err) !=
        RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      throw std::runtime_error("test client config " + k + ": " + err);
    }
  }
  rd_kafka_t* rk = rd_kafka_new(type, conf, err, sizeof err);
  if (rk == nullptr) {
    rd_kafka_conf_destroy(conf);
    throw std::runtime_error(std::string("test client: ") + err);
  }
  return Client(rk, &rd_kafka_destroy);
}

}  // namespace

void create_topics(const std::string& bootstrap,
                   const std::vector<std::string>& topics, int partitions,
                   int replication_factor) {
  Client admin = make(RD_KAFKA_PRODUCER, {{"bootstrap.servers", bootstrap}});
  std::vector<rd_kafka_NewTopic_t*> specs;
  char err[512];
  for (const std::string& t : topics) {
    specs.push_back(rd_kafka_NewTopic_new(t.c_str(), partitions,
                                          replication_factor, err, sizeof err));
    if (specs.back() == nullptr) {
      for (auto* s : specs) rd_kafka_NewTopic_destroy(s);
      throw std::runtime_error("create_topics " + t + ": " + err);
    }
  }
  rd_kafka_queue_t* queue = rd_kafka_queue_new(admin.get());
  rd_kafka_CreateTopics(admin.get(), specs.data(), specs.size(), nullptr,
                        queue);
  rd_kafka_event_t* event = rd_kafka_queue_poll(queue, 30000);
  std::string failure;
  if (event == nullptr) {
    failure = "no answer within 30 s";
  } else if (rd_kafka_event_error(event) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    failure = rd_kafka_event_error_string(event);
  } else {
    const rd_kafka_CreateTopics_result_t* result =
        rd_kafka_event_CreateTopics_result(event);
    std::size_t n = 0;
    const rd_kafka_topic_result_t** results =
        rd_kafka_CreateTopics_result_topics(result, &n);
    for (std::size_t i = 0; i < n; ++i) {
      const rd_kafka_resp_err_t e = rd_kafka_topic_result_error(results[i]);
      if (e != RD_KAFKA_RESP_ERR_NO_ERROR &&
          e != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
        failure += std::string(rd_kafka_topic_result_name(results[i])) + ": " +
                   rd_kafka_err2str(e) + "; ";
      }
    }
  }
  if (event != nullptr) rd_kafka_event_destroy(event);
  rd_kafka_queue_destroy(queue);
  for (auto* s : specs) rd_kafka_NewTopic_destroy(s);
  if (!failure.empty()) throw std::runtime_error("create_topics: " + failure);
}

void produce(const std::string& bootstrap, const std::string& topic,
             const std::vector<Message>& messages) {
  Client p = make(RD_KAFKA_PRODUCER, {{"bootstrap.servers", bootstrap},
                                      {"partitioner", "murmur2_random"},
                                      {"enable.idempotence", "true"},
                                      {"linger.ms", "20"}});
  rd_kafka_topic_t* rkt = rd_kafka_topic_new(p.get(), topic.c_str(), nullptr);
  for (const Message& m : messages) {
    rd_kafka_headers_t* hdrs = nullptr;
    if (!m.headers.empty()) {
      hdrs = rd_kafka_headers_new(m.headers.size());
      for (const auto& [k, v] : m.headers) {
        rd_kafka_header_add(hdrs, k.data(), static_cast<ssize_t>(k.size()),
                            v.data(), static_cast<ssize_t>(v.size()));
      }
    }
    rd_kafka_vu_t vu[7];
    vu[0].vtype = RD_KAFKA_VTYPE_RKT;
    vu[0].u.rkt = rkt;
    vu[1].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
    vu[1].u.i = RD_KAFKA_MSG_F_COPY;
    vu[2].vtype = RD_KAFKA_VTYPE_KEY;
    vu[2].u.mem = {m.key ? const_cast<char*>(m.key->data()) : nullptr,
                   m.key ? m.key->size() : 0};
    vu[3].vtype = RD_KAFKA_VTYPE_VALUE;
    vu[3].u.mem = {m.value ? const_cast<char*>(m.value->data()) : nullptr,
                   m.value ? m.value->size() : 0};
    vu[4].vtype = RD_KAFKA_VTYPE_PARTITION;
    vu[4].u.i32 = m.partition;
    vu[5].vtype = RD_KAFKA_VTYPE_HEADERS;
    vu[5].u.headers = hdrs;
    vu[6].vtype = RD_KAFKA_VTYPE_TIMESTAMP;
    vu[6].u.i64 = m.timestamp_ms;  // 0: now
    for (;;) {
      rd_kafka_error_t* e = rd_kafka_produceva(p.get(), vu, 7);
      if (e == nullptr) break;
      const rd_kafka_resp_err_t code = rd_kafka_error_code(e);
      rd_kafka_error_destroy(e);
      if (code != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        if (hdrs != nullptr) rd_kafka_headers_destroy(hdrs);
        rd_kafka_topic_destroy(rkt);
        throw std::runtime_error(std::string("produce: ") +
                                 rd_kafka_err2str(code));
      }
      rd_kafka_poll(p.get(), 10);
    }
  }
  rd_kafka_topic_destroy(rkt);
  if (rd_kafka_flush(p.get(), 60000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw std::runtime_error("produce: flush timed out");
  }
}

std::vector<Message> read_topic(const std::string& bootstrap,
                                const std::string& topic, std::size_t expected,
                                std::chrono::milliseconds timeout,
                                std::chrono::milliseconds settle,
                                bool read_committed) {
  Client c = make(RD_KAFKA_CONSUMER,
                  {{"bootstrap.servers", bootstrap},
                   {"group.id", "sluice-test-reader"},
                   {"enable.auto.commit", "false"},
                   {"isolation.level",
                    read_committed ? "read_committed" : "read_uncommitted"}});
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_topic_t* rkt = rd_kafka_topic_new(c.get(), topic.c_str(), nullptr);
  if (rd_kafka_metadata(c.get(), 0, rkt, &md, 10000) !=
      RD_KAFKA_RESP_ERR_NO_ERROR) {
    rd_kafka_topic_destroy(rkt);
    throw std::runtime_error("read_topic: no metadata for " + topic);
  }
  rd_kafka_topic_destroy(rkt);
  rd_kafka_topic_partition_list_t* parts =
      rd_kafka_topic_partition_list_new(16);
  for (int i = 0; i < md->topic_cnt; ++i) {
    for (int p = 0; p < md->topics[i].partition_cnt; ++p) {
      rd_kafka_topic_partition_list_add(parts, topic.c_str(), p)->offset =
          RD_KAFKA_OFFSET_BEGINNING;
    }
  }
  rd_kafka_metadata_destroy(md);
  rd_kafka_assign(c.get(), parts);
  rd_kafka_topic_partition_list_destroy(parts);

  std::vector<Message> out;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto last_arrival = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() < deadline) {
    if (out.size() >= expected &&
        std::chrono::steady_clock::now() - last_arrival >= settle) {
      break;
    }
    rd_kafka_message_t* m = rd_kafka_consumer_poll(c.get(), 100);
    if (m == nullptr) continue;
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      Message msg;
      if (m->key != nullptr)
        msg.key = std::string(static_cast<char*>(m->key), m->key_len);
      if (m->payload != nullptr) {
        msg.value = std::string(static_cast<char*>(m->payload), m->len);
      }
      msg.partition = m->partition;
      msg.offset = m->offset;
      msg.timestamp_ms = rd_kafka_message_timestamp(m, nullptr);
      rd_kafka_headers_t* hdrs = nullptr;
      if (rd_kafka_message_headers(m, &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        const char* name = nullptr;
        const void* val = nullptr;
        std::size_t size = 0;
        for (std::size_t i = 0;
             rd_kafka_header_get_all(hdrs, i, &name, &val, &size) ==
             RD_KAFKA_RESP_ERR_NO_ERROR;
             ++i) {
          msg.headers[name] =
              val != nullptr ? std::string(static_cast<const char*>(val), size)
                             : "";
        }
      }
      out.push_back(std::move(msg));
      last_arrival = std::chrono::steady_clock::now();
    }
    rd_kafka_message_destroy(m);
  }
  rd_kafka_consumer_close(c.get());
  return out;
}

}  // namespace sluice::testing
