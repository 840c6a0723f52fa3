// The shared end-to-end helpers that need no process: waits on conditions, log searches,
// switch options and the byte-for-byte capture check.
#include <gtest/gtest.h>

#include <fstream>

#include "nfv/testing/guest_traffic.h"
#include "nfv/testing/log_files.h"
#include "nfv/testing/result_assertions.h"
#include "nfv/testing/switch_guests.h"
#include "nfv/testing/test_dirs.h"
#include "nfv/testing/wait.h"
#include "nfv/traffic/pcap.h"

namespace nfv::testing {
namespace {

using std::chrono::milliseconds;

TEST(WaitUntil, SucceedsOnceTheConditionHolds) {
  int polls = 0;
  EXPECT_TRUE(
      wait_until([&] { return ++polls == 3; }, milliseconds(5000), "third poll", milliseconds(1)));
  EXPECT_EQ(polls, 3) << "returns as soon as the condition holds";
}

TEST(WaitUntil, FailureNamesWhatDidNotHappen) {
  int polls = 0;
  auto result = wait_until([&] { return ++polls < 0; }, milliseconds(20), "port c goes down",
                           milliseconds(1));
  EXPECT_FALSE(result);
  EXPECT_STREQ(result.message(), "port c goes down: did not happen within 20 ms");
  EXPECT_GT(polls, 1) << "polled until the deadline";
}

TEST(PollUntil, ChecksOnceMoreAtTheDeadline) {
  auto start = std::chrono::steady_clock::now();
  // True only once the deadline has passed: the last check still sees it.
  bool done =
      poll_until([&] { return std::chrono::steady_clock::now() - start >= milliseconds(30); },
                 milliseconds(30), milliseconds(40));
  EXPECT_TRUE(done);
}

class LogFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    NFV_ASSERT_OK_AND_ASSIGN(TestDir created, TestDir::create());
    dir_.emplace(std::move(created));
    path_ = dir_->file("switch.log");
    std::ofstream(path_) << "port a: up\nport a: down\nport a: up\n";
  }
  std::optional<TestDir> dir_;
  std::string path_;
};

TEST_F(LogFiles, CountsAndFindsText) {
  EXPECT_TRUE(file_contains(path_, "a: down"));
  EXPECT_FALSE(file_contains(path_, "port b"));
  EXPECT_EQ(file_count(path_, "port a: up"), 2u);
  EXPECT_EQ(file_count(path_, "port a"), 3u);
  EXPECT_EQ(file_count(path_, "port b"), 0u);
}

TEST_F(LogFiles, AMissingFileHoldsNothing) {
  EXPECT_FALSE(file_contains(dir_->file("none.log"), ""));
  EXPECT_EQ(file_count(dir_->file("none.log"), "x"), 0u);
}

TEST(VhostSwitch, OnePortOptionPerPortThenTheTopology) {
  SwitchProcessOptions options = vhost_switch({"a,queues=4", "b"}, {"--bridge", "br0:a,b"});
  EXPECT_EQ(options.args, (std::vector<std::string>{"--port", "a,type=vhost,queues=4", "--port",
                                                    "b,type=vhost", "--bridge", "br0:a,b"}));
  EXPECT_EQ(vhost_switch({"x"}).args, (std::vector<std::string>{"--port", "x,type=vhost"}));
}

class VerifyCapture : public ::testing::Test {
 protected:
  void SetUp() override {
    NFV_ASSERT_OK_AND_ASSIGN(TestDir created, TestDir::create());
    dir_.emplace(std::move(created));
    spec_.src = {0x02, 0, 0, 0, 0, 0x0a};
    spec_.dst = {0x02, 0, 0, 0, 0, 0x0b};
    spec_.stream = 1;
    spec_.sizes = traffic::SizeSchedule::fixed(64);
    spec_.timestamped = false;
    NFV_ASSERT_OK_AND_ASSIGN(traffic::FrameBuilder builder, traffic::FrameBuilder::create(spec_));
    for (uint64_t seq = 0; seq < 3; ++seq) frames_.push_back(builder.build(seq));
  }

  std::string write(const std::vector<std::vector<uint8_t>>& frames) {
    std::string path = dir_->file("capture.pcap");
    auto writer = traffic::PcapWriter::create(path);
    EXPECT_TRUE(writer) << writer.error().message;
    for (const auto& frame : frames) EXPECT_TRUE(writer->write(frame, 0));
    EXPECT_TRUE(writer->close());
    return path;
  }

  std::optional<TestDir> dir_;
  traffic::FrameSpec spec_;
  std::vector<std::vector<uint8_t>> frames_;
};

TEST_F(VerifyCapture, TheFramesSentInOrderPassWithTheirSize) {
  NFV_ASSERT_OK_AND_ASSIGN(uint64_t bytes, verify_capture(write(frames_), spec_, 3));
  EXPECT_EQ(bytes, 3u * 64u);
}

TEST_F(VerifyCapture, AMissingOrExtraFrameFails) {
  auto fewer = verify_capture(write(frames_), spec_, 4);
  ASSERT_FALSE(fewer);
  EXPECT_NE(fewer.error().message.find("3 frames captured, 4 expected"), std::string::npos);
  EXPECT_FALSE(verify_capture(write(frames_), spec_, 2));
}

TEST_F(VerifyCapture, TheFirstDifferenceIsNamed) {
  std::vector<std::vector<uint8_t>> changed = frames_;
  changed[1][20] ^= 0xff;
  auto result = verify_capture(write(changed), spec_, 3);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("frame 1 (64 bytes captured, 64 sent): first difference "
                                        "at byte 20"),
            std::string::npos)
      << result.error().message;
  std::swap(changed[1], changed[2]);
  changed[2][20] ^= 0xff;  // frames 1 and 2 intact but out of order
  EXPECT_FALSE(verify_capture(write(changed), spec_, 3));
}

}  // namespace
}  // namespace nfv::testing
