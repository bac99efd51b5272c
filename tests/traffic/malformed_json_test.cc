#include "traffic/core/malformed_json.h"

#include <gtest/gtest.h>

#include <set>

#include "test_readings.h"
#include "traffic/core/reading_decoder.h"

namespace traffic {
namespace {

using testing::document_of;
using testing::full_reading;

constexpr std::int64_t kNow = testing::kSeedExampleMs;

const DocumentStyle kStyles[] = {
    {},
    {.shuffle = true},
    {.pretty = true},
    {.escape_keys = true},
    {.shuffle = true, .pretty = true, .escape_keys = true}};

TEST(traffic_malformed_json, EveryVariantIsMalformedInEveryStyle) {
  ReadingDecoder decoder;
  Random random(3);
  for (std::size_t variant = 0; variant < kMalformedVariantCount; ++variant) {
    for (const DocumentStyle& style : kStyles) {
      for (int draw = 0; draw < 20; ++draw) {
        const std::string value = make_malformed_json(
            document_of(full_reading()), style, random, variant);
        Reading reading;
        ASSERT_EQ(decoder.decode("773869", value, kNow, &reading).to_string(),
                  "malformed_json")
            << "variant " << variant << ": " << value;
      }
    }
  }
}

TEST(traffic_malformed_json, DrawsVariedBreakages) {
  Random random(8);
  std::set<std::string> values;
  for (int i = 0; i < 200; ++i) {
    values.insert(make_malformed_json(document_of(full_reading()), {}, random));
  }
  EXPECT_GT(values.size(), 60u);  // some families draw from short lists
}

}  // namespace
}  // namespace traffic
