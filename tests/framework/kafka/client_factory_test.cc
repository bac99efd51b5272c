#include "kafka/client_factory.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace sluice::kafka {
namespace {

using std::chrono::milliseconds;

// A client that never connects (no bootstrap.servers): only its settings
// are read.
ClientPtr producer_with(const Properties& properties) {
  StatusOr<ConfPtr> conf = make_conf(properties);
  EXPECT_TRUE(conf.ok()) << conf.status().to_string();
  StatusOr<ClientPtr> client = make_client(RD_KAFKA_PRODUCER, std::move(*conf));
  EXPECT_TRUE(client.ok()) << client.status().to_string();
  return std::move(*client);
}

TEST(MsPropertyTest, ReadsTheClientsOwnSetting) {
  ClientPtr client = producer_with({{"socket.timeout.ms", "1234"}});
  EXPECT_EQ(ms_property(client.get(), "socket.timeout.ms"), milliseconds(1234));
}

TEST(MsPropertyTest, ReadsLibrdkafkasDefaultWhenNotSet) {
  ClientPtr client = producer_with({});
  EXPECT_EQ(ms_property(client.get(), "socket.timeout.ms"),
            milliseconds(60'000));
}

TEST(MsPropertyTest, AnUnknownPropertyIsAProgrammingError) {
  ClientPtr client = producer_with({});
  EXPECT_THROW((void)ms_property(client.get(), "no.such.property.ms"),
               std::logic_error);
}

}  // namespace
}  // namespace sluice::kafka
