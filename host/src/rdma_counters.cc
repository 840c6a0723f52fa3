#include "nfv/host/rdma_counters.h"

#include <algorithm>
#include <cerrno>

#include "nfv/common/strings.h"

namespace nfv::host {

namespace {

std::optional<uint64_t> find(const std::map<std::string, uint64_t>& counters,
                             const std::string& name) {
  auto it = counters.find(name);
  if (it == counters.end()) return std::nullopt;
  return it->second;
}

// The readable numeric files of `dir` (absent: none).
std::map<std::string, uint64_t> read_counter_dir(const Sysfs& sysfs, const std::string& dir) {
  std::map<std::string, uint64_t> counters;
  auto names = sysfs.list_if_present(dir);
  if (!names) return counters;
  for (const std::string& name : *names) {
    if (auto value = sysfs.read_uint(dir + "/" + name)) counters[name] = *value;
  }
  return counters;
}

}  // namespace

void derive_rdma_totals(RdmaPortCounters& port) {
  constexpr uint64_t kOctetsPerUnit = 4;  // PortRcvData/PortXmitData count 32-bit words
  port.rx_packets = find(port.counters, "port_rcv_packets");
  port.tx_packets = find(port.counters, "port_xmit_packets");
  if (auto words = find(port.counters, "port_rcv_data")) port.rx_bytes = *words * kOctetsPerUnit;
  if (auto words = find(port.counters, "port_xmit_data")) port.tx_bytes = *words * kOctetsPerUnit;
  port.tx_discards = find(port.counters, "port_xmit_discards");
  port.rx_dropped = find(port.hw_counters, "out_of_buffer");
}

Result<std::vector<RdmaPortCounters>> read_rdma_port_counters(const Sysfs& sysfs,
                                                              const PciAddress& device) {
  std::string device_dir = "bus/pci/devices/" + device.str();
  if (!sysfs.exists(device_dir)) {
    return make_error_code(ENOENT, "PCI device {} is not in {}; check the address with lspci",
                           device.str(), sysfs.path("bus/pci/devices").string());
  }
  std::vector<RdmaPortCounters> ports;
  auto ibdevs = sysfs.list_if_present(device_dir + "/infiniband");
  if (!ibdevs) return std::move(ibdevs).error();
  for (const std::string& ibdev : *ibdevs) {
    std::string ports_dir = device_dir + "/infiniband/" + ibdev + "/ports";
    auto numbers = sysfs.list_if_present(ports_dir);
    if (!numbers) continue;  // the device went away while we read
    std::vector<RdmaPortCounters> device_ports;
    for (const std::string& number : *numbers) {
      auto port = parse_uint(number, "port", 1, UINT32_MAX);
      if (!port) continue;
      RdmaPortCounters counters;
      counters.device = ibdev;
      counters.port = static_cast<unsigned>(*port);
      counters.counters = read_counter_dir(sysfs, ports_dir + "/" + number + "/counters");
      counters.hw_counters = read_counter_dir(sysfs, ports_dir + "/" + number + "/hw_counters");
      derive_rdma_totals(counters);
      device_ports.push_back(std::move(counters));
    }
    std::sort(device_ports.begin(), device_ports.end(),
              [](const auto& a, const auto& b) { return a.port < b.port; });
    for (auto& port : device_ports) ports.push_back(std::move(port));
  }
  return ports;
}

}  // namespace nfv::host
