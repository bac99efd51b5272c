#include "traffic/status_endpoints.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "traffic/http_server.h"

namespace traffic {
namespace {

using Json = nlohmann::json;

// An instance that was never started: CREATED, no broker needed.
struct Fixture {
  Fixture()
      : metrics(std::make_shared<AppMetrics>()),
        streams(build_topology({}, metrics),
                sluice::StreamsConfig{{"application.id", "t"},
                                      {"bootstrap.servers", "127.0.0.1:1"}}),
        endpoints(streams, metrics, {}, "proc-1") {}
  std::shared_ptr<AppMetrics> metrics;
  sluice::KafkaStreams streams;
  StatusEndpoints endpoints;
};

TEST(traffic_status_endpoints, HealthHasThePredecessorsShape) {
  Fixture f;
  f.metrics->record_valid(std::chrono::microseconds(1), std::nullopt, 1000);
  const HttpResponse r = f.endpoints.health();
  EXPECT_EQ(r.status, 200);
  const Json j = Json::parse(r.body);
  EXPECT_EQ(j["status"], "healthy");
  EXPECT_EQ(j["messagesProcessed"], 1);
  EXPECT_EQ(j["state"], "CREATED");
  EXPECT_EQ(j["processorId"], "proc-1");
}

TEST(traffic_status_endpoints, NotReadyAndNoQueriesUntilRunning) {
  Fixture f;
  EXPECT_EQ(f.endpoints.ready().status, 503);
  EXPECT_EQ(f.endpoints.sensor("717445").status, 503);
  EXPECT_EQ(f.endpoints.sensor("../etc").status, 400);
  EXPECT_EQ(f.endpoints.sensor("").status, 400);
  EXPECT_EQ(f.endpoints.sensor(std::string(65, '1')).status, 400);
}

TEST(traffic_status_endpoints, StatsCountEverything) {
  Fixture f;
  ReasonSet reasons;
  reasons.add({ReasonKind::kMalformedJson, Field::kRoot});
  f.metrics->record_invalid(reasons, std::chrono::microseconds(5), std::nullopt,
                            1795442400000);
  const Json j = Json::parse(f.endpoints.stats().body);
  EXPECT_EQ(j["messagesProcessed"], 1);
  EXPECT_EQ(j["lastMessageTime"], "2026-11-23T14:00:00.000Z");
  EXPECT_EQ(j["deadLettered"], 1);
  EXPECT_EQ(j["deadLetterReasons"]["malformed_json"], 1);
  EXPECT_EQ(j["validMessages"], 0);
  EXPECT_TRUE(j.contains("processingRate"));
  const HttpResponse m = f.endpoints.metrics();
  EXPECT_EQ(m.content_type.rfind("text/plain", 0), 0u);
  EXPECT_NE(m.body.find("kafka_streams_state{state=\"CREATED\"} 1"),
            std::string::npos);
}

TEST(traffic_status_endpoints, ServedOverHttp) {
  Fixture f;
  StatusServer server(f.endpoints);
  ASSERT_TRUE(server.start("127.0.0.1", 0).ok());
  httplib::Client client("127.0.0.1", server.port());
  auto health = client.Get("/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(Json::parse(health->body)["status"], "healthy");
  auto ready = client.Get("/ready");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 503);
  auto sensor = client.Get("/sensors/717445");
  ASSERT_TRUE(sensor);
  EXPECT_EQ(sensor->status, 503);
  auto missing = client.Get("/nope");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  server.stop();
  StatusServer second(f.endpoints);
  EXPECT_TRUE(second.start("127.0.0.1", 0).ok());
}

TEST(traffic_status_endpoints, StatsShowTheConfigWithSecretsRedacted) {
  auto metrics = std::make_shared<AppMetrics>();
  const sluice::StreamsConfig::Properties config = {
      {"application.id", "t"},
      {"bootstrap.servers", "127.0.0.1:1"},
      {"security.protocol", "SASL_SSL"},
      {"sasl.username", "svc"},
      {"sasl.password", "hunter2"},
      {"producer.ssl.key.password", "keypass"}};
  sluice::KafkaStreams streams(build_topology({}, metrics),
                               sluice::StreamsConfig(config));
  StatusEndpoints endpoints(streams, metrics, {}, "proc-1", config);
  const std::string body = endpoints.stats().body;
  const Json j = Json::parse(body);
  EXPECT_EQ(j["config"]["security.protocol"], "SASL_SSL");
  EXPECT_EQ(j["config"]["bootstrap.servers"], "127.0.0.1:1");
  EXPECT_EQ(j["config"]["sasl.password"], "[redacted]");
  EXPECT_EQ(j["config"]["sasl.username"], "[redacted]");
  EXPECT_EQ(j["config"]["producer.ssl.key.password"], "[redacted]");
  for (const char* secret : {"hunter2", "keypass", "svc\""}) {
    EXPECT_EQ(body.find(secret), std::string::npos) << secret;
  }
}

// True when this machine has the IPv6 loopback address (containers may
// not).
bool has_ipv6_loopback() {
  const int fd = ::socket(AF_INET6, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in6 address{};
  address.sin6_family = AF_INET6;
  address.sin6_addr = in6addr_loopback;
  const bool ok = ::bind(fd, reinterpret_cast<const sockaddr*>(&address),
                         sizeof address) == 0;
  ::close(fd);
  return ok;
}

TEST(traffic_status_endpoints, ListensOnTheAddressItIsGiven) {
  Fixture f;
  std::vector<const char*> hosts = {"127.0.0.2"};
  if (has_ipv6_loopback()) hosts.push_back("::1");
  for (const char* host : hosts) {
    StatusServer server(f.endpoints);
    ASSERT_TRUE(server.start(host, 0).ok()) << host;
    httplib::Client client(host, server.port());
    auto health = client.Get("/health");
    ASSERT_TRUE(health) << host;
    EXPECT_EQ(health->status, 200) << host;
    // Not on another loopback address.
    httplib::Client other(std::string(host) == "::1" ? "127.0.0.1" : "::1",
                          server.port());
    other.set_connection_timeout(std::chrono::seconds(2));
    EXPECT_FALSE(other.Get("/health")) << host;
  }
  StatusServer bad(f.endpoints);
  const sluice::Status s = bad.start("192.0.2.7", 0);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("192.0.2.7"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace traffic
