#include <gtest/gtest.h>

#include <sstream>

#include "nfv/cli/output.h"

namespace nfv::cli {
namespace {

TEST(Table, AlignsColumnsToWidestCell) {
  Table table({"PORT", "RX", "TX"});
  table.add({"vm1", "10", "2000"});
  table.add({"uplink0", "3", "4"});
  std::ostringstream out;
  table.print(out);
  EXPECT_EQ(out.str(),
            "PORT     RX  TX\n"
            "vm1      10  2000\n"
            "uplink0  3   4\n");
}

TEST(Registry, LongestMultiWordMatchWins) {
  Registry registry;
  registry.add({"vf", "list", [](Context&, const std::vector<std::string>&) { return 1; }});
  registry.add({"vf create", "create", [](Context&, const std::vector<std::string>&) { return 2; }});
  size_t consumed = 0;
  const Command* command = registry.find({"vf", "create", "--pf", "x"}, consumed);
  ASSERT_NE(command, nullptr);
  EXPECT_EQ(command->name, "vf create");
  EXPECT_EQ(consumed, 2u);
  EXPECT_EQ(registry.find({"nope"}, consumed), nullptr);
}

}  // namespace
}  // namespace nfv::cli
