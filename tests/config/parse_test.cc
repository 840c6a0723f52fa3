// The config model: the shipped examples parse to the values they say, and every mistake an
// operator can make is refused with the file, the YAML path, the line and the fix.
#include "nfv/config/parse.h"

#include <gtest/gtest.h>

#include <string>

#include "parse_helpers.h"

namespace nfv::config {
namespace {

using testing::parse_error;
using testing::parse_ok;

const std::string kExamples = NFV_CONFIG_EXAMPLES;

TEST(ConfigExamples, TelcoHost) {
  auto config = load_config_file(kExamples + "/telco-vnf-host.yaml");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->host.housekeeping_cpus, (std::vector<uint32_t>{0, 8}));
  EXPECT_EQ(config->host.reserved_memory_mb, 4096u);
  EXPECT_EQ(config->host.reserved_devices, (std::vector<std::string>{"eth0", "eth1"}));
  EXPECT_TRUE(config->switch_config.enabled);
  EXPECT_EQ(config->switch_config.pmd_cores, 2u);
  EXPECT_TRUE(config->switch_config.pmd_cpus.empty());
  EXPECT_EQ(config->switch_config.hugepage_size, kPageSize1G);
  ASSERT_EQ(config->ports.size(), 2u);
  EXPECT_EQ(config->ports[1].name, "uplink1");
  EXPECT_EQ(config->ports[1].device, "0000:88:00.0");
  ASSERT_EQ(config->bridges.size(), 2u);
  EXPECT_EQ(config->bridges[0].ports, (std::vector<std::string>{"uplink0"}));
  ASSERT_EQ(config->guests.size(), 3u);
  const GuestConfig& firewall = config->guests[1];
  EXPECT_EQ(firewall.name, "firewall");
  EXPECT_EQ(firewall.vcpus, 4u);
  EXPECT_EQ(firewall.memory_mb, 4096u);
  EXPECT_EQ(firewall.hugepage_size, kPageSize1G);
  EXPECT_FALSE(firewall.numa.has_value());
  ASSERT_EQ(firewall.interfaces.size(), 2u);
  EXPECT_EQ(firewall.interfaces[0].type, InterfaceType::kVhost);
  EXPECT_EQ(firewall.interfaces[0].bridge, "br1");
  EXPECT_EQ(firewall.interfaces[1].type, InterfaceType::kVf);
  EXPECT_EQ(firewall.interfaces[1].pf, "eth7");
  EXPECT_EQ(config->guests[0].interfaces[1].pf, "");  // pf: auto
  EXPECT_EQ(config->guests[2].hugepage_size, kPageSize2M);
  EXPECT_EQ(config->policy.smt, SmtPolicy::kIsolate);
  EXPECT_EQ(config->policy.cross_numa, CrossNumaPolicy::kWarn);
}

TEST(ConfigExamples, AiNode) {
  auto config = load_config_file(kExamples + "/ai-gpu-node.yaml");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_FALSE(config->switch_config.enabled);
  EXPECT_FALSE(config->host.housekeeping_cpus.has_value());
  ASSERT_EQ(config->guests.size(), 2u);
  EXPECT_EQ(config->guests[0].role, GuestRole::kAi);
  EXPECT_EQ(config->guests[0].gpus, 8u);
  EXPECT_TRUE(config->guests[0].nic_per_gpu);
  EXPECT_EQ(config->policy.cross_numa, CrossNumaPolicy::kForbid);
  EXPECT_EQ(config->policy.assumed_vfs_per_pf, 8u);
}

TEST(ConfigExamples, DevVm) {
  auto config = load_config_file(kExamples + "/dev-vm.yaml");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->origin, kExamples + "/dev-vm.yaml");
  ASSERT_EQ(config->ports.size(), 1u);
  EXPECT_EQ(config->ports[0].vdev, "net_tap0,iface=nfv-tap0");
  EXPECT_TRUE(config->ports[0].device.empty());
  EXPECT_EQ(config->guests[0].cpu_policy, CpuPolicy::kShared);
  EXPECT_EQ(config->switch_config.memory_mb, 512u);
}

TEST(ConfigParse, DefaultsForAnEmptyGuestList) {
  ApplianceConfig config = parse_ok("guests: []\n");
  EXPECT_FALSE(config.switch_config.enabled);
  EXPECT_EQ(config.host.reserved_memory_mb, 1024u);
  EXPECT_EQ(config.policy.emulator_threads, EmulatorThreads::kHousekeeping);
  EXPECT_EQ(config.policy.assumed_vfs_per_pf, 8u);
}

TEST(ConfigParse, GuestDefaultsAndExplicitNuma) {
  ApplianceConfig config = parse_ok(
      "guests:\n"
      "  - {name: a}\n"
      "  - {name: b, numa: 1, cpu_policy: shared}\n");
  ASSERT_EQ(config.guests.size(), 2u);
  EXPECT_EQ(config.guests[0].vcpus, 1u);
  EXPECT_EQ(config.guests[0].memory_mb, 1024u);
  EXPECT_EQ(config.guests[0].role, GuestRole::kVnf);
  EXPECT_FALSE(config.guests[0].numa.has_value());
  EXPECT_EQ(config.guests[1].numa, 1u);
  EXPECT_EQ(config.guests[1].cpu_policy, CpuPolicy::kShared);
  EXPECT_EQ(config.guests[1].line, 3);
}

TEST(ConfigParse, PmdCpuListSetsTheCount) {
  ApplianceConfig config = parse_ok("switch: {pmd_cpus: \"2-3,8\"}\n");
  EXPECT_EQ(config.switch_config.pmd_cpus, (std::vector<uint32_t>{2, 3, 8}));
  EXPECT_EQ(config.switch_config.pmd_cores, 3u);
}

TEST(ConfigParse, HowTheSwitchIsStarted) {
  ApplianceConfig defaults = parse_ok("switch: {}\n");
  EXPECT_EQ(defaults.switch_config.file_prefix, "nfv-switch");
  EXPECT_FALSE(defaults.switch_config.no_huge);
  EXPECT_EQ(defaults.switch_config.mbufs, 0u);
  EXPECT_TRUE(defaults.switch_config.eal_args.empty());
  ApplianceConfig config = parse_ok(
      "switch: {file_prefix: sw1, no_huge: true, mbufs: 8191, eal_args: [--vdev=net_null0]}\n");
  EXPECT_EQ(config.switch_config.file_prefix, "sw1");
  EXPECT_TRUE(config.switch_config.no_huge);
  EXPECT_EQ(config.switch_config.mbufs, 8191u);
  EXPECT_EQ(config.switch_config.eal_args, (std::vector<std::string>{"--vdev=net_null0"}));
}

TEST(ConfigErrors, NamePathAndLine) {
  EXPECT_EQ(parse_error("guests:\n"
                        "  - name: a\n"
                        "  - name: b\n"
                        "  - name: c\n"
                        "    vcpus: 0\n"),
            "t.yaml:5:12: guests[2].vcpus: must be >= 1 (got 0)");
  EXPECT_EQ(parse_error("guests:\n  - name: a\n    memory_mb: lots\n"),
            "t.yaml:3:16: guests[0].memory_mb: must be a whole number (got 'lots')");
}

TEST(ConfigErrors, UnknownKeysListTheKnownOnes) {
  EXPECT_EQ(parse_error("guests:\n  - name: a\n    vcpu: 2\n"),
            "t.yaml:3:5: guests[0].vcpu: unknown key (did you mean 'vcpus'?); known keys: "
            "name, role, vcpus, cpu_policy, memory_mb, hugepage_size, memory_backing, numa, "
            "interfaces, gpus, nic_per_gpu, boot, disk");
  EXPECT_EQ(parse_error("swtich: {}\n"),
            "t.yaml:1:1: swtich: unknown key (did you mean 'switch'?); known keys: host, "
            "switch, ports, bridges, xconnects, guests, sriov, policy");
  EXPECT_EQ(parse_error("policy:\n  colour: blue\n"),
            "t.yaml:2:3: policy.colour: unknown key; known keys: smt, cross_numa, "
            "emulator_threads, assumed_vfs_per_pf");
}

TEST(ConfigErrors, EnumsSayTheirChoices) {
  EXPECT_EQ(parse_error("policy: {smt: maybe}\n"),
            "t.yaml:1:15: policy.smt: must be one of: isolate, share (got 'maybe')");
  EXPECT_EQ(parse_error("guests:\n  - {name: a, hugepage_size: 4K}\n"),
            "t.yaml:2:30: guests[0].hugepage_size: must be one of: 2M, 1G (got '4K')");
  EXPECT_EQ(parse_error("guests:\n  - {name: a, numa: near}\n"),
            "t.yaml:2:21: guests[0].numa: must be auto or a NUMA node number (got 'near')");
}

TEST(ConfigErrors, CrossReferences) {
  EXPECT_EQ(parse_error("switch: {}\n"
                        "ports: [{name: p0, device: eth0}]\n"
                        "bridges:\n"
                        "  - {name: br0, ports: [p0, p1]}\n"),
            "t.yaml:4:29: bridges[0].ports[1]: no port named 'p1' (define it under ports:, or "
            "name a guest's vhost interface)");
  EXPECT_EQ(parse_error("switch: {}\n"
                        "ports: [{name: p0, device: eth0}]\n"
                        "bridges: [{name: br0, ports: [p0]}, {name: br1, ports: [p0]}]\n"),
            "t.yaml:3:57: bridges[1].ports[0]: port 'p0' is already in bridge 'br0' (a port "
            "joins one bridge or one xconnect)");
  EXPECT_EQ(parse_error("switch: {}\n"
                        "bridges: [{name: br0}]\n"
                        "guests:\n"
                        "  - name: a\n"
                        "    interfaces:\n"
                        "      - {type: vhost, bridge: br9}\n"),
            "t.yaml:6:31: guests[0].interfaces[0].bridge: no bridge named 'br9' (define it "
            "under bridges:)");
  EXPECT_EQ(parse_error("guests:\n  - {name: a}\n  - {name: a}\n"),
            "t.yaml:3:12: guests[1].name: guest 'a' is defined twice (first at guests[0].name)");
}

TEST(ConfigErrors, SwitchIsNeededForPortsAndBridges) {
  EXPECT_EQ(parse_error("ports: [{name: p0, device: eth0}]\n"),
            "t.yaml:1:8: ports: ports need the switch: add a switch: section");
  EXPECT_EQ(parse_error("bridges: [{name: br0}]\n"),
            "t.yaml:1:10: bridges: bridges need the switch: add a switch: section");
  EXPECT_EQ(parse_error("switch: {pmd_cores: 0}\nports: [{name: p0, device: eth0}]\n"),
            "t.yaml:1:21: switch.pmd_cores: must be >= 1: ports and vhost interfaces need a PMD "
            "to poll them");
}

TEST(ConfigErrors, ResourceShapes) {
  EXPECT_EQ(parse_error("guests:\n  - {name: a, memory_mb: 1536, hugepage_size: 1G}\n"),
            "t.yaml:2:26: guests[0].memory_mb: 1536 MB is not a whole number of 1G "
            "hugepages");
  EXPECT_EQ(parse_error("switch: {pmd_cores: 2, pmd_cpus: \"2,3\"}\n"),
            "t.yaml:1:34: switch.pmd_cpus: give either pmd_cores (a count, auto-placed) or "
            "pmd_cpus (a CPU list)");
  EXPECT_EQ(parse_error("host: {housekeeping_cpus: \"3-1\"}\n"),
            "t.yaml:1:27: host.housekeeping_cpus: CPU list: range '3-1' is reversed (write "
            "CPUs like \"2,3\" or \"2-5,8\")");
  EXPECT_EQ(parse_error("guests:\n  - {name: a, gpus: 2}\n"),
            "t.yaml:2:21: guests[0].gpus: only ai guests take GPUs (set role: ai)");
  EXPECT_EQ(parse_error("guests:\n  - {name: a, interfaces: [{type: vf, bridge: br0}]}\n"),
            "t.yaml:2:47: guests[0].interfaces[0].bridge: vf interfaces bypass the switch: no "
            "bridge");
  EXPECT_EQ(parse_error("switch: {}\nports: [{name: p0, device: eth0, vdev: net_null0}]\n"),
            "t.yaml:2:9: ports[0]: give exactly one of device (a PCI BDF or netdev name), vdev "
            "(a DPDK virtual device such as \"net_tap0,iface=nfv0\") or socket (a vhost-user "
            "socket)");
  EXPECT_EQ(parse_error("guests:\n  - {name: 9lives}\n"),
            "t.yaml:2:12: guests[0].name: '9lives' is not a valid name (a letter, then "
            "letters, digits, '-', '_' or '.'; at most 32)");
}

TEST(ConfigErrors, YamlSyntaxAndFiles) {
  EXPECT_EQ(parse_error("guests: [\n"),
            "t.yaml:2:1: end of sequence flow not found (not valid YAML)");
  EXPECT_EQ(parse_error(""), "t.yaml: empty config (see config/SCHEMA.md)");
  EXPECT_EQ(parse_error("- 1\n"), "t.yaml:1:1: must be a mapping (key: value)");
  auto missing = load_config_file("/nonexistent/nfv.yaml");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message,
            "config /nonexistent/nfv.yaml: cannot open (No such file or directory)");
}

TEST(ConfigModel, PageSizeNames) {
  EXPECT_EQ(page_size_name(kPageSize2M), "2M");
  EXPECT_EQ(page_size_name(kPageSize1G), "1G");
  EXPECT_EQ(page_size_name(64 * 1024), "64K");
}

}  // namespace
}  // namespace nfv::config
