// The generator's ground truth against the decoder: for 20,000 readings with
// 30% faults, the decoder's verdict is exactly the expected outcome, and a
// valid reading decodes to the generated truth.

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "traffic/core/generator.h"
#include "traffic/core/reading_decoder.h"

namespace traffic {
namespace {

TEST(traffic_generator_property, VerdictEqualsExpectedOutcomeFor20000Readings) {
  GeneratorConfig config;
  config.seed = 20251005;
  config.scenario = Scenario::kSensorFaults;
  config.fault_share = 0.3;
  Generator generator(config);
  ReadingDecoder decoder(config.decoder);
  Reading reading;
  std::set<std::string> codes_seen;
  int valid = 0;
  int mismatches = 0;
  for (int i = 0; i < 20000; ++i) {
    const GeneratedReading item = generator.next();
    std::optional<std::string_view> key;
    std::optional<std::string_view> value;
    if (item.key) key = *item.key;
    if (item.value) value = *item.value;
    const ReasonSet verdict = decoder.decode(key, value, item.now_ms, &reading);
    const bool ok =
        verdict == item.expected && (!verdict.empty() || reading == item.truth);
    if (!ok && ++mismatches <= 10) {
      ADD_FAILURE() << "reading " << i << " (" << item.fault
                    << ")\n got: " << verdict.to_string()
                    << "\n expected: " << item.expected.to_string()
                    << "\n value: "
                    << value.value_or("<tombstone>").substr(0, 400);
    }
    valid += verdict.empty() ? 1 : 0;
    for (const std::string& code : verdict.codes()) codes_seen.insert(code);
  }
  EXPECT_EQ(mismatches, 0);
  EXPECT_NEAR(valid / 20000.0, 0.7, 0.02);
  // Every reason code occurs: 10 whole-value and rule codes, 11
  // missing_field, 15 wrong_type, 15 duplicate_field, 7 non_finite.
  EXPECT_EQ(codes_seen.size(), 58u);
}

}  // namespace
}  // namespace traffic
