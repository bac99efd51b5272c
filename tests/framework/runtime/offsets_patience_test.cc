#include "runtime/offsets_patience.h"

#include <gtest/gtest.h>

namespace sluice::detail {
namespace {

using std::chrono::milliseconds;

struct Case {
  const char* why;
  milliseconds request_timeout;    // socket.timeout.ms
  milliseconds max_poll_interval;  // max.poll.interval.ms
  milliseconds patience;
};

TEST(OffsetsPatienceTest, FollowsTheConsumersSettingsWithinItsBounds) {
  const Case cases[] = {
      {"librdkafka's defaults: two request timeouts and 10 s (the old fixed "
       "60 s ended exactly when librdkafka timed out the first request)",
       milliseconds(60'000), milliseconds(300'000), milliseconds(130'000)},
      {"never below a minute for short request timeouts", milliseconds(5'000),
       milliseconds(300'000), milliseconds(60'000)},
      {"ends 10 s before the consumer would leave its group",
       milliseconds(60'000), milliseconds(90'000), milliseconds(80'000)},
      {"long request timeouts are capped the same way", milliseconds(200'000),
       milliseconds(300'000), milliseconds(290'000)},
      {"at least 10 s whatever the settings", milliseconds(60'000),
       milliseconds(5'000), milliseconds(10'000)},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(
        committed_offsets_patience(c.request_timeout, c.max_poll_interval),
        c.patience)
        << c.why;
  }
}

}  // namespace
}  // namespace sluice::detail
