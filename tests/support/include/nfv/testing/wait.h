// Tests wait on events, never on time: a condition is polled until it holds or a deadline
// passes. The short pause between two polls only spares the CPU; what a test waits for is
// always the condition.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <string_view>
#include <thread>
#include <utility>

namespace nfv::testing {

// Polls `done` every `interval` until it returns true (true) or `timeout` passes (false).
// `done` is evaluated once more after the deadline, so a slow last poll still counts.
template <typename Predicate>
bool poll_until(Predicate done, std::chrono::milliseconds timeout,
                std::chrono::milliseconds interval = std::chrono::milliseconds(10)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(interval);
  }
  return done();
}

// poll_until as a gtest assertion whose failure names what did not happen:
//   ASSERT_TRUE(wait_until([&] { return port_down(); }, 10s, "port c goes down"));
//   -> "port c goes down: did not happen within 10000 ms"
template <typename Predicate>
::testing::AssertionResult wait_until(
    Predicate done, std::chrono::milliseconds timeout, std::string_view what,
    std::chrono::milliseconds interval = std::chrono::milliseconds(10)) {
  if (poll_until(std::move(done), timeout, interval)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << what << ": did not happen within " << timeout.count() << " ms";
}

}  // namespace nfv::testing
