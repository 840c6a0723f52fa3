// The pure parts of the model: what a PCI function is, the names it answers to, and how VFs
// are recognised in a recording without sysfs.
#include "nfv/topology/model.h"

#include <gtest/gtest.h>

#include "nfv/topology/sriov_inference.h"

namespace nfv::topology {
namespace {

TEST(ClassifyDevice, ByClassVendorAndOsDevices) {
  EXPECT_EQ(classify_device(0x0200, 0x8086, {}), DeviceKind::kNic);
  EXPECT_EQ(classify_device(0x0207, 0x15b3, {}), DeviceKind::kNic);
  EXPECT_EQ(classify_device(0x0c06, 0x15b3, {}), DeviceKind::kNic);
  EXPECT_EQ(classify_device(0x0108, 0x144d, {}), DeviceKind::kNvme);
  EXPECT_EQ(classify_device(0x0106, 0x8086, {}), DeviceKind::kStorage);
  EXPECT_EQ(classify_device(0x0302, 0x10de, {}), DeviceKind::kGpu);
  EXPECT_EQ(classify_device(0x0300, 0x10de, {}), DeviceKind::kGpu);
  EXPECT_EQ(classify_device(0x0300, 0x102b, {}), DeviceKind::kDisplay);  // Matrox BMC
  EXPECT_EQ(classify_device(0x0300, 0x1002, {{"card0", OsDeviceType::kGpu, ""}}),
            DeviceKind::kDisplay);  // ES1000: a DRM card, but no compute
  EXPECT_EQ(classify_device(0x0300, 0x1002, {{"opencl0d1", OsDeviceType::kCoProc, "OpenCL"}}),
            DeviceKind::kGpu);
  EXPECT_EQ(classify_device(0x1200, 0x1d0f, {}), DeviceKind::kAccelerator);
  EXPECT_EQ(classify_device(0x0680, 0x10de, {}), DeviceKind::kOther);
  EXPECT_TRUE(is_rdma_capable(0x0200, {{"mlx5_0", OsDeviceType::kOpenFabrics, ""}}));
  EXPECT_FALSE(is_rdma_capable(0x0200, {{"eth0", OsDeviceType::kNet, ""}}));
  EXPECT_TRUE(is_known_vf_device(0x8086, 0x154c));
  EXPECT_FALSE(is_known_vf_device(0x8086, 0x1572));
}

TEST(PciDevice, NamesItAnswersTo) {
  PciDevice device;
  device.bdf = format_bdf(0, 0x3b, 0, 1);
  device.os_devices = {{"mlx5_1", OsDeviceType::kOpenFabrics, ""},
                       {"ens1f1", OsDeviceType::kNet, ""}};
  EXPECT_EQ(device.bdf, "0000:3b:00.1");
  EXPECT_TRUE(device.matches("0000:3b:00.1"));
  EXPECT_TRUE(device.matches("3b:00.1"));
  EXPECT_TRUE(device.matches("mlx5_1"));
  EXPECT_FALSE(device.matches("3b:00.0"));
  EXPECT_EQ(device.netdev(), "ens1f1");
  EXPECT_EQ(device.display_name(), "ens1f1");
  device.os_devices.clear();
  EXPECT_EQ(device.display_name(), "0000:3b:00.1");
}

PciDevice nic(uint32_t bus, uint32_t dev, uint32_t func, uint16_t device_id, const char* netdev,
              uint64_t parent) {
  PciDevice device;
  device.bus = bus;
  device.dev = dev;
  device.func = func;
  device.bdf = format_bdf(0, bus, dev, func);
  device.vendor_id = 0x8086;
  device.device_id = device_id;
  device.kind = DeviceKind::kNic;
  if (netdev != nullptr) device.os_devices.push_back({netdev, OsDeviceType::kNet, ""});
  device.pcie_path = {{1, "", true}, {parent, "", false}};
  return device;
}

TEST(InferVirtualFunctions, ByDeviceIdAndBySlot) {
  Topology topology;
  topology.pci_devices = {
      nic(0x3b, 0, 0, 0x1572, "ens1f0", 10),  // X710 PF
      nic(0x3b, 0, 1, 0x1572, nullptr, 10),   // second port bound to DPDK: not a VF
      nic(0x3b, 2, 0, 0x154c, nullptr, 10),   // X710 VF by device id, another slot
      nic(0x5e, 0, 0, 0x0043, "eth9", 20),    // a PF with an unknown VF id beside it
      nic(0x5e, 0, 3, 0x00ff, nullptr, 20),
      nic(0x60, 0, 0, 0x154c, nullptr, 30),  // a VF whose PF is not in the topology
  };
  infer_virtual_functions(topology);
  const auto& d = topology.pci_devices;
  EXPECT_FALSE(d[0].is_vf);
  EXPECT_FALSE(d[1].is_vf);
  EXPECT_TRUE(d[2].is_vf);
  EXPECT_EQ(d[2].physical_function, "0000:3b:00.0");  // same slot first, then lowest BDF
  EXPECT_FALSE(d[3].is_vf);
  EXPECT_TRUE(d[4].is_vf);
  EXPECT_EQ(d[4].physical_function, "0000:5e:00.0");
  EXPECT_TRUE(d[5].is_vf);
  EXPECT_EQ(d[5].physical_function, "");
}

}  // namespace
}  // namespace nfv::topology
