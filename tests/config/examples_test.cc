// Every example in config/examples parses and validates (the folder is read at run time, so a
// new example is tested without touching this file), and the examples written for nfvd say
// what their comments promise.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "nfv/config/parse.h"

namespace nfv::config {
namespace {

const std::string kExamples = NFV_CONFIG_EXAMPLES;

std::vector<std::string> example_files() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(kExamples)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(ConfigExampleFolder, EveryExampleParsesAndValidates) {
  std::vector<std::string> files = example_files();
  // The shipped set: a missing file (renamed, deleted) must fail here, not pass with fewer.
  for (const char* name : {"ai-gpu-node.yaml", "demo.yaml", "dev-vm.yaml", "pvp-benchmark.yaml",
                           "telco-vnf-host.yaml", "vnf-chain.yaml"}) {
    EXPECT_NE(std::find(files.begin(), files.end(), kExamples + "/" + name), files.end()) << name;
  }
  for (const auto& file : files) {
    auto config = load_config_file(file);
    EXPECT_TRUE(config) << config.error().message;
  }
}

TEST(ConfigExamples, DemoIsTwoClientModeVhostPortsOnABridge) {
  auto config = load_config_file(kExamples + "/demo.yaml");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->switch_config.vhost_mode, VhostMode::kClient);
  EXPECT_EQ(config->switch_config.vhost_dir, "/run/nfv/demo");
  ASSERT_EQ(config->ports.size(), 2u);
  for (const PortConfig& port : config->ports) {
    EXPECT_TRUE(port.device.empty() && port.vdev.empty()) << port.name << ": no NIC in the demo";
  }
  EXPECT_EQ(config->ports[0].socket, "vm1.sock");
  ASSERT_EQ(config->bridges.size(), 1u);
  EXPECT_EQ(config->bridges[0].ports, (std::vector<std::string>{"vm1", "vm2"}));
  EXPECT_TRUE(config->guests.empty());
}

TEST(ConfigExamples, PvpBenchmarkCrossConnectsTheNicAndTheGuest) {
  auto config = load_config_file(kExamples + "/pvp-benchmark.yaml");
  ASSERT_TRUE(config) << config.error().message;
  ASSERT_EQ(config->ports.size(), 1u);
  EXPECT_EQ(config->ports[0].options.queues, 2u);
  ASSERT_EQ(config->xconnects.size(), 1u);
  EXPECT_EQ(config->xconnects[0].ports, (std::vector<std::string>{"nic0", "dut-0"}));
  ASSERT_EQ(config->guests.size(), 1u);
  const InterfaceConfig& vhost = config->guests[0].interfaces.at(0);
  EXPECT_EQ(vhost.name, "dut-0");  // the default name, <guest>-<index>
  EXPECT_TRUE(vhost.bridge.empty());
  EXPECT_EQ(vhost.options.tx_retries, 16u);
}

TEST(ConfigExamples, VnfChainHasVlansSecurityAndRatesOnGuestPorts) {
  auto config = load_config_file(kExamples + "/vnf-chain.yaml");
  ASSERT_TRUE(config) << config.error().message;
  const PortOptions& uplink = config->ports.at(0).options;
  ASSERT_TRUE(uplink.vlan.has_value());
  EXPECT_EQ(uplink.vlan->mode, "trunk");
  EXPECT_EQ(uplink.vlan->trunks, "100,300");
  ASSERT_GE(config->guests.size(), 2u);
  for (const GuestConfig& guest : config->guests) {
    for (const InterfaceConfig& interface : guest.interfaces) {
      EXPECT_TRUE(interface.options.vlan.has_value()) << interface.name;
      ASSERT_TRUE(interface.options.security.has_value()) << interface.name;
      EXPECT_TRUE(interface.options.security->enabled) << interface.name;
    }
  }
  const InterfaceConfig& fw_out = config->guests[0].interfaces.at(0);
  EXPECT_EQ(fw_out.name, "fw-out");
  EXPECT_EQ(fw_out.options.vlan->mode, "access");
  EXPECT_EQ(fw_out.options.vlan->tag, 100u);
  ASSERT_TRUE(fw_out.options.rates.has_value());
  EXPECT_EQ(fw_out.options.rates->policer_pps, 1000000u);
  EXPECT_EQ(fw_out.options.mac_limit, 1u);
  const BridgeConfig& chain = config->bridges.at(0);
  EXPECT_EQ(chain.mac_table_size, 4096u);
  EXPECT_EQ(chain.mac_limit, 2048u);
  ASSERT_EQ(chain.macs.size(), 2u);
  EXPECT_EQ(chain.macs[0].port, "fw-out");
  EXPECT_EQ(chain.macs[0].vlan, 100u);
}

TEST(ConfigExamples, AiNodeOwnsTheVfsOfItsNics) {
  auto config = load_config_file(kExamples + "/ai-gpu-node.yaml");
  ASSERT_TRUE(config) << config.error().message;
  ASSERT_EQ(config->sriov.size(), 8u);
  EXPECT_EQ(config->sriov[0].pf, "ib0");
  EXPECT_EQ(config->sriov[0].vfs, 8u);
  ASSERT_EQ(config->sriov[0].vf_settings.size(), 1u);
  EXPECT_EQ(config->sriov[0].vf_settings[0].trust, true);
  EXPECT_FALSE(config->sriov[0].vf_settings[0].mac.has_value());
}

}  // namespace
}  // namespace nfv::config
