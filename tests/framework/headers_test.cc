// sluice::Headers: a list of headers whose copies share storage until one of
// them changes (record.h). The fuzz target fuzz_headers checks the list
// model at random; these tests pin the sharing rules.
#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "sluice/record.h"

namespace sluice {
namespace {

std::vector<Header> list(const Headers& h) { return {h.begin(), h.end()}; }

TEST(HeadersTest, ACopyKeepsItsHeadersWhenTheOriginalChanges) {
  Headers original{{"a", "1"}, {"b", std::nullopt}};
  const Headers copy = original;
  EXPECT_EQ(copy.begin(), original.begin());  // shared, not copied
  original.add("c", "3");
  original.remove("a");
  EXPECT_EQ(list(copy), (std::vector<Header>{{"a", "1"}, {"b", std::nullopt}}));
  EXPECT_EQ(list(original),
            (std::vector<Header>{{"b", std::nullopt}, {"c", "3"}}));
}

TEST(HeadersTest, TheOriginalKeepsItsHeadersWhenACopyChanges) {
  const Headers original{{"a", "1"}};
  Headers copy = original;
  copy.clear();
  copy.add("z", "9");
  EXPECT_EQ(list(original), (std::vector<Header>{{"a", "1"}}));
  EXPECT_EQ(*copy.last_value("z"), "9");
}

TEST(HeadersTest, ClearKeepsTheStorageOnlyWhenNothingSharesIt) {
  Headers h{{"a", "1"}, {"b", "2"}};
  const Header* storage = h.begin();
  h.clear();
  EXPECT_TRUE(h.empty());
  h.add("c", "3");
  EXPECT_EQ(h.begin(), storage);  // reused: no allocation for the list

  const Headers copy = h;
  h.clear();
  EXPECT_TRUE(h.empty());
  EXPECT_EQ(list(copy), (std::vector<Header>{{"c", "3"}}));
}

TEST(HeadersTest, EqualityIsByContentAndRemovingNothingChangesNothing) {
  Headers a{{"k", "v"}};
  Headers b;
  b.add("k", "v");
  EXPECT_EQ(a, b);
  const Headers copy = a;
  a.remove("absent");
  EXPECT_EQ(a.begin(), copy.begin());  // still shared
  EXPECT_EQ(Headers(), Headers());
  EXPECT_NE(a, Headers());
  EXPECT_EQ(Headers().begin(), Headers().end());
}

TEST(HeadersTest, LastValueFindsTheLastHeaderOfAKey) {
  const Headers h{{"k", "1"}, {"x", "2"}, {"k", "3"}, {"n", std::nullopt}};
  EXPECT_EQ(*h.last_value("k"), "3");
  EXPECT_EQ(h.last_value("n"), nullptr);
  EXPECT_EQ(h.last_value("absent"), nullptr);
  EXPECT_EQ(Headers().last_value("k"), nullptr);
}

TEST(HeadersTest, CopiesOnOtherThreadsReadWhileTheOriginalIsReused) {
  Headers h{{"a", "1"}};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([copy = h] {
      for (int i = 0; i < 1000; ++i) {
        ASSERT_EQ(*copy.last_value("a"), "1");
      }
    });
  }
  for (int i = 0; i < 1000; ++i) {
    h.clear();
    h.add("a", std::to_string(i));
  }
  for (std::thread& t : readers) t.join();
  EXPECT_EQ(*h.last_value("a"), "999");
}

}  // namespace
}  // namespace sluice
