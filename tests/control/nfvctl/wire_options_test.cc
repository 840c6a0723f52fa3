// Flags derived from a wire type's field table: one --kebab-case flag per scalar field with the
// field's help, parsing fills the struct, and nfvctl's switch commands keep their flag names.
#include "nfv/nfvctl/wire_options.h"

#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>

#include "nfv/api/switch_api.h"
#include "nfv/nfvctl/switch_commands.h"
#include "nfv/testing/command_run.h"

namespace nfv::nfvctl {
namespace {

namespace po = boost::program_options;

struct Inner {
  uint32_t id = 0;
  static constexpr auto fields() { return std::tuple{api::optional("id", &Inner::id)}; }
};

struct Probe {
  std::string name;
  uint32_t queue_count = 0;
  std::optional<uint32_t> limit;
  std::optional<std::string> note;
  bool force = false;
  bool learn = true;
  Inner inner;
  std::vector<std::string> tags;
  static constexpr auto fields() {
    return std::tuple{api::required("name", &Probe::name, "probe name"),
                      api::optional("queue_count", &Probe::queue_count, "queues to use"),
                      api::optional("limit", &Probe::limit, "most entries"),
                      api::optional("note", &Probe::note, "free text"),
                      api::optional("force", &Probe::force, "even if busy"),
                      api::optional("learn", &Probe::learn, "learn sources"),
                      api::optional("inner", &Probe::inner, "nested object"),
                      api::optional("tags", &Probe::tags, "a list")};
  }
};

struct Parsed {
  int exit_code = cli::kExitOk;
  bool ok = false;
  std::string out;
  std::string err;
};

Parsed parse(po::options_description& options, const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  cli::Context ctx;
  ctx.out = &out;
  ctx.err = &err;
  Parsed parsed;
  parsed.ok = cli::parse_args(ctx, "probe", args, options, {}, parsed.exit_code).has_value();
  parsed.out = out.str();
  parsed.err = err.str();
  return parsed;
}

std::string help_of(const po::options_description& options, const std::string& flag) {
  const po::option_description* option = options.find_nothrow(flag, false);
  return option == nullptr ? "<no flag --" + flag + ">" : option->description();
}

TEST(WireOptions, ScalarFieldsBecomeKebabCaseFlagsWithTheFieldsHelp) {
  Probe probe;
  po::options_description options;
  add_wire_options(options, probe);
  EXPECT_EQ(help_of(options, "name"), "probe name");
  EXPECT_EQ(help_of(options, "queue-count"), "queues to use");
  EXPECT_EQ(help_of(options, "limit"), "most entries");
  EXPECT_EQ(help_of(options, "note"), "free text");
  EXPECT_EQ(help_of(options, "force"), "even if busy");
  EXPECT_EQ(help_of(options, "learn"), "learn sources");
  EXPECT_EQ(options.find_nothrow("queue_count", false), nullptr);
  EXPECT_EQ(options.find_nothrow("inner", false), nullptr) << "nested objects are by hand";
  EXPECT_EQ(options.find_nothrow("tags", false), nullptr) << "lists are by hand";
  EXPECT_EQ(options.options().size(), 6u);
}

TEST(WireOptions, ParsingFillsTheStruct) {
  Probe probe;
  po::options_description options;
  add_wire_options(options, probe);
  Parsed parsed = parse(options, {"--name", "p1", "--queue-count", "4", "--limit", "7", "--note",
                                  "hello", "--force", "--learn", "false"});
  ASSERT_TRUE(parsed.ok) << parsed.err;
  EXPECT_EQ(probe.name, "p1");
  EXPECT_EQ(probe.queue_count, 4u);
  EXPECT_EQ(probe.limit, 7u);
  EXPECT_EQ(probe.note, "hello");
  EXPECT_TRUE(probe.force);
  EXPECT_FALSE(probe.learn);
}

TEST(WireOptions, FieldsNotGivenKeepTheirValueAndOptionalsStayUnset) {
  Probe probe;
  probe.queue_count = 2;
  po::options_description options;
  add_wire_options(options, probe);
  Parsed parsed = parse(options, {"--name", "p1"});
  ASSERT_TRUE(parsed.ok) << parsed.err;
  EXPECT_EQ(probe.limit, std::nullopt);
  EXPECT_EQ(probe.note, std::nullopt);
  EXPECT_EQ(probe.queue_count, 2u);
  EXPECT_FALSE(probe.force);
  EXPECT_TRUE(probe.learn);
}

TEST(WireOptions, ARequiredFieldIsARequiredFlagUnlessPreset) {
  Probe probe;
  po::options_description options;
  add_wire_options(options, probe);
  Parsed missing = parse(options, {});
  EXPECT_FALSE(missing.ok);
  EXPECT_EQ(missing.exit_code, cli::kExitUsage);
  EXPECT_NE(missing.err.find("the option '--name' is required"), std::string::npos) << missing.err;

  Probe preset;
  preset.name = "default-probe";
  po::options_description preset_options;
  add_wire_options(preset_options, preset);
  Parsed help = parse(preset_options, {"--help"});
  EXPECT_NE(help.out.find("--name arg (=default-probe)"), std::string::npos) << help.out;
  Parsed none = parse(preset_options, {});
  ASSERT_TRUE(none.ok) << none.err;
  EXPECT_EQ(preset.name, "default-probe");
}

TEST(WireOptions, RulesRenameAndLeaveFieldsToHandWrittenFlags) {
  Probe probe;
  po::options_description options;
  add_wire_options(options, probe, {.by_hand = {"learn"}, .renamed = {{"queue_count", "queues"}}});
  EXPECT_EQ(help_of(options, "queues"), "queues to use");
  EXPECT_EQ(options.find_nothrow("queue-count", false), nullptr);
  EXPECT_EQ(options.find_nothrow("learn", false), nullptr);

  po::options_description typo;
  EXPECT_THROW(add_wire_options(typo, probe, {.by_hand = {"lern"}}), std::logic_error);
}

// Every flag a switch command derives from its request has the field's help.
template <typename T>
void expect_help_on_every_flag(const WireFlagRules& rules = {}) {
  T target{};
  po::options_description options;
  add_wire_options(options, target, rules);
  EXPECT_FALSE(options.options().empty());
  for (const auto& option : options.options()) {
    EXPECT_FALSE(option->description().empty()) << "--" << option->long_name();
  }
}

TEST(WireOptions, TheSwitchRequestsHaveHelpForEveryFlag) {
  expect_help_on_every_flag<api::PortAddParams>();
  expect_help_on_every_flag<api::NameParams>();
  expect_help_on_every_flag<api::PortSetParams>();
  expect_help_on_every_flag<api::VlanSetParams>();
  expect_help_on_every_flag<api::VlanConfig>();
  expect_help_on_every_flag<api::SocketConfig>({.by_hand = {"mode"}});
  expect_help_on_every_flag<api::VhostConfig>(
      {.by_hand = {"mergeable_rx", "indirect_desc", "packed_ring"}});
  expect_help_on_every_flag<api::BridgeAddParams>();
  expect_help_on_every_flag<api::BridgeDelParams>();
  expect_help_on_every_flag<api::MacListParams>();
  expect_help_on_every_flag<api::MacAddParams>();
  expect_help_on_every_flag<api::MacDelParams>();
  expect_help_on_every_flag<api::MacFlushParams>();
  expect_help_on_every_flag<api::StatsParams>();
}

TEST(WireOptions, SwitchCommandsKeepTheirUsageAndFlags) {
  cli::Registry registry;
  register_switch_commands(registry);
  struct Expected {
    std::vector<std::string> words;
    std::string usage;
    std::vector<std::string> flags;
  };
  const std::vector<Expected> commands = {
      {{"port", "add"},
       "usage: nfvctl port add [options] NAME\n",
       {"--name",          "--type arg (=vhost)",
        "--path",          "--mode",
        "--devargs",       "--queues arg (=1)",
        "--bridge",        "--xconnect",
        "--vlan-mode",     "--tag",
        "--trunks",        "--native",
        "--owner",         "--group",
        "--socket-mode",   "--tx-retries",
        "--mac-limit",     "--mac-lock",
        "--mtu",           "--no-mergeable-rx",
        "--no-indirect",   "--no-packed",
        "--offloads",      "--exist-ok",
        "--port-security", "--allowed-mac",
        "--allowed-ip",    "--trusted"}},
      {{"port", "del"}, "usage: nfvctl port del [options] NAME\n", {"--name", "--missing-ok"}},
      {{"port", "set"},
       "usage: nfvctl port set [options] NAME\n",
       {"--name", "--admin", "--bridge", "--xconnect", "--tx-retries", "--mac-limit", "--mac-lock",
        "--policer-pps", "--policer-bps", "--storm-broadcast-pps", "--storm-multicast-pps",
        "--storm-unknown-unicast-pps", "--port-security", "--allowed-mac", "--allowed-ip",
        "--trusted", "--no-port-security"}},
      {{"port", "list"}, "usage: nfvctl port list [options]\n", {}},
      {{"vlan", "set"},
       "usage: nfvctl vlan set [options] PORT\n",
       {"--port", "--mode arg (=trunk)", "--tag", "--trunks", "--native"}},
      {{"bridge", "add"},
       "usage: nfvctl bridge add [options] NAME\n",
       {"--name", "--mac-table-size", "--ageing arg", "--mac-limit", "--exist-ok"}},
      {{"bridge", "del"},
       "usage: nfvctl bridge del [options] NAME\n",
       {"--name", "--force", "--missing-ok"}},
      {{"mac", "list"},
       "usage: nfvctl mac list [options]\n",
       {"--bridge", "--port", "--vlan", "--limit arg (=0)", "--offset arg (=0)"}},
      {{"mac", "add"},
       "usage: nfvctl mac add [options] BRIDGE MAC PORT\n",
       {"--bridge", "--mac", "--port", "--vlan"}},
      {{"mac", "del"},
       "usage: nfvctl mac del [options] BRIDGE MAC\n",
       {"--bridge", "--mac", "--vlan", "--missing-ok"}},
      {{"mac", "flush"},
       "usage: nfvctl mac flush [options]\n",
       {"--bridge", "--port", "--include-static"}},
      {{"pmd", "rebalance"}, "usage: nfvctl pmd rebalance [options]\n", {}},
      {{"switch", "info"}, "usage: nfvctl switch info [options]\n", {}},
      {{"stats"}, "usage: nfvctl stats [options] [PORT]\n", {"--port", "--clear"}},
  };
  for (const auto& expected : commands) {
    std::vector<std::string> args = expected.words;
    args.push_back("--help");
    nfv::testing::CommandRun help = nfv::testing::run_command(registry, args);
    ASSERT_EQ(help.exit_code, cli::kExitOk) << help.err;
    EXPECT_EQ(help.out.substr(0, help.out.find('\n') + 1), expected.usage);
    for (const auto& flag : expected.flags) {
      EXPECT_NE(help.out.find("  " + flag), std::string::npos) << flag << " in:\n" << help.out;
    }
  }
}

TEST(WireOptions, PortAddSendsWhatItsFlagsSay) {
  // The flags fill the request; nested objects only when one of their flags is given.
  api::PortAddParams p;
  po::options_description options;
  add_wire_options(options, p);
  Parsed parsed = parse(options, {"--name", "vm1", "--type", "dpdk", "--queues", "2",
                                  "--tx-retries", "8", "--exist-ok"});
  ASSERT_TRUE(parsed.ok) << parsed.err;
  EXPECT_EQ(api::to_wire(p), (api::json{{"name", "vm1"},
                                        {"type", "dpdk"},
                                        {"path", ""},
                                        {"mode", ""},
                                        {"devargs", ""},
                                        {"queues", 2},
                                        {"bridge", ""},
                                        {"xconnect", ""},
                                        {"tx_retries", 8},
                                        {"exist_ok", true}}));
}

}  // namespace
}  // namespace nfv::nfvctl
