#include "sluice/status.h"

#include <gtest/gtest.h>

namespace sluice {
namespace {

TEST(StatusTest, OkAndErrors) {
  EXPECT_TRUE(Status().ok());
  Status s = invalid_argument("bad thing");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.to_string(), "invalid_argument: bad thing");
  EXPECT_THROW(s.throw_if_error(), StatusError);
}

TEST(StatusTest, StatusOrHoldsAValueOrAnError) {
  StatusOr<int> v = 5;
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, 5);
  StatusOr<int> e = not_found("no such store");
  EXPECT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), StatusCode::kNotFound);
  EXPECT_THROW((void)e.value(), StatusError);
}

TEST(StatusTest, AnOkStatusWithoutAValueBecomesAnInternalError) {
  StatusOr<int> e = Status();
  EXPECT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace sluice
