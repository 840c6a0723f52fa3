#include "nfv/nfvd/switch_telemetry_source.h"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <filesystem>

#include "nfv/common/log.h"
#include "nfv/host/schedstat.h"
#include "nfv/host/socket_peers.h"
#include "nfv/nfvd/state_store.h"
#include "nfv/sriov/discovery.h"
#include "nfv/sriov/pci.h"
#include "nfv/sriov/vf_counters.h"

namespace nfv::nfvd {
namespace {

constexpr auto kSwitchTimeout = std::chrono::seconds(2);
constexpr double kPeerRefresh = 10;  // seconds

double monotonic_s() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace

std::string vf_port_name(const std::string& pf, unsigned index) {
  return fmt::format("{}/vf{}", pf, index);
}

std::vector<telemetry::GuestInputs> guest_inputs(const reconcile::GuestStates& guests,
                                                 const std::map<std::string, bool>& running) {
  std::vector<telemetry::GuestInputs> inputs;
  for (const auto& [name, guest] : guests) {
    telemetry::GuestInputs in;
    in.name = name;
    auto it = running.find(name);
    in.up = it != running.end() && it->second;
    for (const auto& interface : guest.interfaces) {
      if (interface.type == reconcile::GuestInterface::Type::kVhost) {
        in.ports.push_back(interface.name);
      }
    }
    inputs.push_back(std::move(in));
  }
  return inputs;
}

Status SwitchTelemetrySource::read_switch(telemetry::RawSample& sample) {
  if (!client_) {
    auto client =
        api::SwitchClient::connect(options_.switch_socket, "nfvd-telemetry", kSwitchTimeout);
    if (!client) return std::move(client).error();
    auto info = client->call(api::kSwitchInfo);
    if (!info) return std::move(info).error();
    switch_pid_ = info->pid;
    client_.emplace(std::move(*client));
  }
  // Counters last, closest to the sample's time stamp.
  auto ports = client_->call(api::kPortList);
  if (!ports) return std::move(ports).error();
  auto pmds = client_->call(api::kPmdList);
  if (!pmds) return std::move(pmds).error();
  auto bridges = client_->call(api::kBridgeList);
  if (!bridges) return std::move(bridges).error();
  auto stats = client_->call(api::kStatsGet, api::StatsParams{});
  if (!stats) return std::move(stats).error();
  sample.ports = std::move(*ports);
  sample.pmds = std::move(*pmds);
  sample.bridges = std::move(*bridges);
  sample.stats = std::move(*stats);
  return {};
}

int64_t SwitchTelemetrySource::peer_of(const api::PortInfo& port, double now) {
  Peer& peer = peers_[port.name];
  std::error_code ec;
  // A peer that was not found (another pid namespace, an fd table nfvd cannot read) is looked
  // for again only after kPeerRefresh too: the search reads every process's descriptors.
  bool gone = peer.pid > 0 &&
              !std::filesystem::exists(fmt::format("{}/{}", options_.proc_root, peer.pid), ec);
  if (peer.path == port.path && !gone && now - peer.found_at < kPeerRefresh) return peer.pid;
  peer.path = port.path;
  peer.found_at = now;
  peer.pid = 0;
  auto pids = host::unix_socket_peer_pids(options_.proc_root, port.path, switch_pid_);
  if (pids && !pids->empty()) peer.pid = pids->front();
  return peer.pid;
}

// How long the threads of each vhost-user port's peer waited for a CPU: a QEMU guest's vCPU
// threads, or every thread of another peer.
void SwitchTelemetrySource::read_peers(telemetry::RawSample& sample) {
  std::map<std::string, Peer> seen;
  for (const auto& port : sample.ports.ports) {
    if (port.type != "vhost" || port.path.empty() || port.link != "up") continue;
    int64_t pid = peer_of(port, sample.time_s);
    seen[port.name] = peers_.at(port.name);
    if (pid <= 0) continue;
    auto threads = host::read_thread_schedstats(options_.proc_root, pid);
    if (!threads) continue;
    telemetry::PeerThreads peer{pid, {}};
    for (const auto& thread : host::guest_cpu_threads(std::move(*threads))) {
      peer.wait_ns[thread.tid] = thread.wait_ns;
    }
    sample.peers[port.name] = std::move(peer);
  }
  peers_ = std::move(seen);  // ports that went away are forgotten
}

// The counters of the guests' VFs (rtnetlink, one request per PF), named "<PF>/vf<index>".
void SwitchTelemetrySource::read_vfs(telemetry::RawSample& sample,
                                     const reconcile::GuestStates& guests) {
  sriov::Sysfs sysfs(options_.sysfs_root);
  std::map<std::string, std::vector<sriov::VfLocation>> by_pf;
  for (const auto& [name, guest] : guests) {
    auto in = std::find_if(sample.guests.begin(), sample.guests.end(),
                           [&](const telemetry::GuestInputs& g) { return g.name == name; });
    for (const auto& interface : guest.interfaces) {
      if (interface.type != reconcile::GuestInterface::Type::kVf || interface.vf_bdf.empty()) {
        continue;
      }
      auto vf = host::PciAddress::parse(interface.vf_bdf);
      auto location = vf ? sriov::locate_vf(sysfs, *vf) : Result<sriov::VfLocation>(vf.error());
      if (!location) continue;
      if (in != sample.guests.end()) {
        in->vf_ports.push_back(vf_port_name(location->pf.str(), location->index));
      }
      by_pf[location->pf.str()].push_back(*location);
    }
  }
  if (by_pf.empty() || !open_netlink()) return;
  for (const auto& [pf_address, vfs] : by_pf) {
    auto pf = sriov::read_pci_device(sysfs, vfs.front().pf);
    if (!pf || pf->netdevs.empty()) continue;
    auto states = sriov::read_vf_counters(*netlink_, pf->netdevs.front());
    if (!states) continue;
    for (const auto& state : *states) {
      bool wanted = std::any_of(vfs.begin(), vfs.end(),
                                [&](const sriov::VfLocation& l) { return l.index == state.index; });
      if (!wanted || !state.stats) continue;
      const auto& s = *state.stats;
      telemetry::VfCounters counters;
      counters.port = vf_port_name(pf_address, state.index);
      counters.numa_node = pf->numa_node.value_or(-1);
      counters.link = state.link_state != sriov::VfLinkState::kDisable;
      counters.rx_packets = s.rx_packets;
      counters.rx_bytes = s.rx_bytes;
      counters.tx_packets = s.tx_packets;
      counters.tx_bytes = s.tx_bytes;
      counters.rx_dropped = s.rx_dropped.value_or(0);
      counters.tx_dropped = s.tx_dropped.value_or(0);
      sample.vfs.push_back(counters);
    }
  }
}

bool SwitchTelemetrySource::open_netlink() {
  if (netlink_) return true;
  if (netlink_failed_) return false;
  auto socket = sriov::RtnetlinkSocket::open();
  if (!socket) {
    netlink_failed_ = true;
    log::warning("telemetry: rtnetlink: {}; VF counters are not sampled", socket.error().message);
    return false;
  }
  netlink_ = std::move(socket).value();
  return true;
}

// The PMD threads' CPU wait: DPDK's worker threads ("rte-worker-N"), each pinned to the CPU
// of its PMD.
void SwitchTelemetrySource::read_pmd_waits(telemetry::RawSample& sample) const {
  if (switch_pid_ <= 0) return;
  auto threads = host::read_thread_schedstats(options_.proc_root, switch_pid_);
  if (!threads) return;
  for (const auto& pmd : sample.pmds.pmds) {
    for (const auto& thread : *threads) {
      if (thread.comm.starts_with("rte-worker") && thread.cpu == static_cast<int32_t>(pmd.cpu)) {
        sample.pmd_wait_ns[pmd.id] = thread.wait_ns;
      }
    }
  }
}

telemetry::RawSample SwitchTelemetrySource::read() {
  telemetry::RawSample sample;
  if (auto status = read_switch(sample); !status) {
    client_.reset();
    sample.switch_up = false;
    sample.error = status.error().message;
  } else {
    sample.switch_up = true;
  }
  sample.time_s = monotonic_s();
  sample.utc = utc_text(std::time(nullptr));
  auto guests = guests_->get();
  auto running =
      options_.guests_running ? options_.guests_running() : std::map<std::string, bool>{};
  sample.guests = guest_inputs(guests, running);
  if (sample.switch_up) {
    read_peers(sample);
    read_pmd_waits(sample);
  }
  read_vfs(sample, guests);
  return sample;
}

}  // namespace nfv::nfvd
