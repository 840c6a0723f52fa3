// Request framing: lines split anywhere, oversized lines reported once and skipped, and a
// final line without newline served at end of input.
#include "nfv/rpc/line_buffer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace nfv::rpc {
namespace {

// Every line next() gives now; an oversized one as "<oversized>".
std::vector<std::string> drain(LineBuffer& buffer) {
  std::vector<std::string> lines;
  while (auto line = buffer.next()) lines.push_back(line->oversized ? "<oversized>" : line->text);
  return lines;
}

using Lines = std::vector<std::string>;

TEST(LineBuffer, LinesSplitAcrossAppendsComeOutWhole) {
  LineBuffer buffer(64);
  buffer.append("{\"a\":");
  EXPECT_FALSE(buffer.has_request());
  EXPECT_EQ(drain(buffer), Lines{});
  buffer.append("1}\n{\"b\"");
  EXPECT_TRUE(buffer.has_request());
  EXPECT_EQ(drain(buffer), Lines{"{\"a\":1}"});
  buffer.append(":2}\n\n{\"c\":3}\n");
  EXPECT_EQ(drain(buffer), (Lines{"{\"b\":2}", "", "{\"c\":3}"}));
  EXPECT_EQ(buffer.buffered(), 0u);
}

TEST(LineBuffer, AnUnterminatedLineOverTheLimitIsReportedOnceAndDropped) {
  LineBuffer buffer(16);
  buffer.append("ok\n");
  EXPECT_EQ(drain(buffer), Lines{"ok"});
  buffer.append(std::string(10, 'x'));
  buffer.append(std::string(10, 'x'));  // 20 bytes, no newline yet: already oversized
  EXPECT_EQ(buffer.buffered(), 0u) << "an oversized line is not kept";
  EXPECT_EQ(drain(buffer), Lines{"<oversized>"});
  buffer.append(std::string(1000, 'y'));  // still the same line: dropped
  EXPECT_EQ(buffer.buffered(), 0u);
  EXPECT_EQ(drain(buffer), Lines{});
  buffer.append("yyy\nnext\n");
  EXPECT_EQ(drain(buffer), Lines{"next"}) << "the stream resumes after the oversized line";
}

TEST(LineBuffer, ACompleteLineOverTheLimitIsReported) {
  LineBuffer buffer(16);
  buffer.append("a\n" + std::string(17, 'x') + "\nb\n");
  EXPECT_EQ(drain(buffer), (Lines{"a", "<oversized>", "b"}));
}

TEST(LineBuffer, AnOversizedTailBehindCompleteLinesIsFoundOnceTheyAreServed) {
  LineBuffer buffer(16);
  buffer.append("a\n" + std::string(20, 'x'));
  EXPECT_EQ(drain(buffer), (Lines{"a", "<oversized>"}));
  EXPECT_EQ(buffer.buffered(), 0u);
}

TEST(LineBuffer, ALineOfExactlyTheLimitIsAccepted) {
  LineBuffer buffer(16);
  buffer.append(std::string(16, 'x'));
  buffer.append("\n");
  EXPECT_EQ(drain(buffer), Lines{std::string(16, 'x')});
}

TEST(LineBuffer, TheUnterminatedLastLineIsServedAtEndOfInput) {
  LineBuffer buffer(64);
  buffer.append("one\ntwo");
  ASSERT_EQ(drain(buffer), Lines{"one"});
  auto last = buffer.take_unterminated();
  ASSERT_TRUE(last);
  EXPECT_EQ(last->text, "two");
  EXPECT_FALSE(buffer.take_unterminated());
}

TEST(LineBuffer, ManyShortLinesStayLinear) {
  LineBuffer buffer(1 << 20);
  std::string many;
  for (int i = 0; i < 100000; ++i) many += "{\"id\":" + std::to_string(i) + "}\n";
  buffer.append(many);
  size_t count = 0;
  std::string last;
  while (auto line = buffer.next()) {
    ++count;
    last = line->text;
  }
  EXPECT_EQ(count, 100000u);
  EXPECT_EQ(last, "{\"id\":99999}");
}

}  // namespace
}  // namespace nfv::rpc
