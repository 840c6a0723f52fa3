#include "nfv/dataplane/options.h"

#include "nfv/dataplane/ethdev_port.h"

#include <gtest/gtest.h>

namespace nfv::dp {
namespace {

Result<ParsedOptions> parse(std::vector<const char*> args, uint32_t cpus = 4) {
  args.insert(args.begin(), "nfv-switch");
  return parse_switch_options(static_cast<int>(args.size()), args.data(), cpus);
}

TEST(SwitchOptions, DefaultsPlacePmdOnLastCpuAndControlOnFirst) {
  auto parsed = parse({});
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->options.pmd_cores, std::vector<uint32_t>{3});
  EXPECT_EQ(parsed->options.main_core, 0u);
  EXPECT_EQ(parsed->options.control_socket, "/run/nfv-switch/nfv-switch.sock");
  EXPECT_EQ(parsed->options.vhost_dir, "/run/nfv-switch/nfv-switch");
}

TEST(SwitchOptions, PortSpecs) {
  auto parsed = parse({"--port", "vm1,type=vhost,path=/run/x/vm1.sock,mode=client,queues=4",
                       "--port", "up0,type=dpdk,bridge=br0,vlan=trunk:10-20:5,devargs=net_tap0,iface=tap9",
                       "--port", "vm2,vlan=access:30", "--bridge", "br0:vm2", "--xconnect", "vm1,up0"});
  ASSERT_TRUE(parsed) << parsed.error().message;
  const auto& ports = parsed->options.ports;
  ASSERT_EQ(ports.size(), 3u);
  EXPECT_EQ(ports[0].type, "vhost");
  EXPECT_EQ(ports[0].path, "/run/x/vm1.sock");
  EXPECT_EQ(ports[0].mode, "client");
  EXPECT_EQ(ports[0].queues, 4u);
  EXPECT_EQ(ports[1].type, "dpdk");
  EXPECT_EQ(ports[1].devargs, "net_tap0,iface=tap9") << "devargs keep their commas";
  EXPECT_EQ(ports[1].bridge, "br0");
  EXPECT_EQ(ports[1].vlan->trunks, "10-20");
  EXPECT_EQ(ports[1].vlan->native, 5u);
  EXPECT_EQ(ports[2].type, "vhost") << "vhost is the default type";
  EXPECT_EQ(ports[2].vlan->tag, 30u);
  EXPECT_EQ(parsed->options.bridges.at(0).ports, std::vector<std::string>{"vm2"});
  EXPECT_EQ(parsed->options.xconnects.at(0), std::make_pair(std::string("vm1"), std::string("up0")));
}

TEST(SwitchOptions, ErrorsNameTheOptionAndTheFix) {
  EXPECT_EQ(parse({"--pmd-cores", "9"}).error().message,
            "--pmd-cores: 9 is out of range [0, 3] (this machine has CPUs 0-3)");
  EXPECT_EQ(parse({"--port", "vm1,colour=red"}).error().message,
            "--port vm1: unknown key 'colour' (known: type, path, mode, queues, tx_retries, "
            "bridge, vlan, devargs)");
  EXPECT_EQ(parse({"--port", "vm1,queues=99"}).error().message,
            "--port vm1 queues: 99 is out of range [1, 16]");
  EXPECT_EQ(parse({"--xconnect", "a"}).error().message,
            "--xconnect 'a': expected two different port names, A,B");
  EXPECT_EQ(parse({"--memory", "10"}).error().message, "--memory 10: at least 64 MB");
  EXPECT_EQ(parse({"--log-level", "chatty"}).error().message,
            "--log-level 'chatty': expected error, warning, info or debug");
  EXPECT_NE(parse({"--bogus"}).error().message.find("see nfv-switch --help"), std::string::npos);
  EXPECT_EQ(parse({"--port", "v,vlan=access:0"}).error().message,
            "--port v: vlan access tag: 0 is out of range [1, 4094]");
}

TEST(SwitchOptions, HelpListsEveryOption) {
  auto parsed = parse({"--help"});
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->outcome, ParseOutcome::kExitOk);
  for (const char* option : {"--pmd-cores", "--main-core", "--memory", "--no-huge", "--file-prefix",
                             "--port", "--xconnect", "--bridge", "--mac-table-size", "--mac-ageing",
                             "--tx-retries", "--idle-sleep-max-us", "--control-socket", "--eal-args",
                             "--vhost-dir", "--socket-group", "--test-clock"}) {
    EXPECT_NE(parsed->text.find(option), std::string::npos) << option;
  }
}

TEST(EalArgs, BuiltFromOptions) {
  auto parsed = parse({"--pmd-cores", "2,3", "--main-core", "1", "--memory", "2048",
                       "--file-prefix", "sw7", "--eal-args", "--vdev net_null0"});
  ASSERT_TRUE(parsed);
  auto args = build_eal_args(parsed->options, {0, 1}, {"0000:3b:02.0"});
  std::vector<std::string> expected = {
      "nfv-switch", "--lcores", "0@1,1@2,2@3", "--main-lcore", "0", "--file-prefix", "sw7",
      "--socket-mem", "2048,2048", "--huge-unlink", "-a", "0000:3b:02.0", "--log-level",
      "*:warning", "--vdev", "net_null0"};
  EXPECT_EQ(args, expected);
}

TEST(EalArgs, NoHugeAndNoPci) {
  auto parsed = parse({"--no-huge", "--memory", "256"});
  ASSERT_TRUE(parsed);
  auto args = build_eal_args(parsed->options, {0}, {});
  auto has = [&](const std::string& a) { return std::find(args.begin(), args.end(), a) != args.end(); };
  EXPECT_TRUE(has("--no-huge"));
  EXPECT_TRUE(has("256"));
  EXPECT_TRUE(has("--no-pci")) << "EAL never probes devices the switch was not given";
  EXPECT_FALSE(has("--socket-mem"));
}

TEST(EalArgs, MemoryOnlyOnNodesInUse) {
  auto parsed = parse({"--memory", "512"});
  auto args = build_eal_args(parsed->options, {1}, {});
  auto it = std::find(args.begin(), args.end(), "--socket-mem");
  ASSERT_NE(it, args.end());
  EXPECT_EQ(*(it + 1), "0,512");
}

}  // namespace
}  // namespace nfv::dp

namespace nfv::dp {
namespace {

TEST(PciAddress, RecognisedForms) {
  EXPECT_TRUE(is_pci_address("0000:3b:02.0"));
  EXPECT_TRUE(is_pci_address("3b:02.7"));
  EXPECT_TRUE(is_pci_address("0000:af:00.1,rx_vec_en=0"));
  EXPECT_FALSE(is_pci_address("net_tap0,iface=tap0"));
  EXPECT_FALSE(is_pci_address("0000:3b:02.8"));
  EXPECT_FALSE(is_pci_address("000:3b:02.0"));
  EXPECT_FALSE(is_pci_address("3b:2.0"));
  EXPECT_FALSE(is_pci_address(""));
}

}  // namespace
}  // namespace nfv::dp
