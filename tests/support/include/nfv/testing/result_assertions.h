// gtest assertions for nfv::Result / nfv::Status that print the error message (which, for
// the fixtures, carries the tail of the process log) when they fail.
#pragma once

#include <gtest/gtest.h>

#include "nfv/common/result.h"

#define NFV_ASSERT_OK(expr)                                                              \
  do {                                                                                   \
    const auto& nfv_ok_result_ = (expr);                                                 \
    ASSERT_TRUE(nfv_ok_result_.ok()) << #expr << ": " << nfv_ok_result_.error().message; \
  } while (0)

#define NFV_EXPECT_OK(expr)                                                              \
  do {                                                                                   \
    const auto& nfv_ok_result_ = (expr);                                                 \
    EXPECT_TRUE(nfv_ok_result_.ok()) << #expr << ": " << nfv_ok_result_.error().message; \
  } while (0)

#define NFV_TESTING_CONCAT_INNER(a, b) a##b
#define NFV_TESTING_CONCAT(a, b) NFV_TESTING_CONCAT_INNER(a, b)

// NFV_ASSERT_OK_AND_ASSIGN(auto peer, TrafficPeer::start(...));
#define NFV_ASSERT_OK_AND_ASSIGN(lhs, expr) \
  NFV_ASSERT_OK_AND_ASSIGN_IMPL(NFV_TESTING_CONCAT(nfv_result_, __LINE__), lhs, expr)
#define NFV_ASSERT_OK_AND_ASSIGN_IMPL(result, lhs, expr)               \
  auto result = (expr);                                                \
  ASSERT_TRUE(result.ok()) << #expr << ": " << result.error().message; \
  lhs = std::move(result).value()
