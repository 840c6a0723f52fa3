// What the sampler reads once per interval, before anything is derived: the switch's counters
// and objects as its API returns them, who is on the other end of each port, and the counters
// of the guests' VFs. Pure data; derive.h turns two of them into a TelemetrySample.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "nfv/api/switch_api.h"

namespace nfv::telemetry {

// Scheduler statistics of the threads of the process on the other end of a port (a QEMU
// guest's vCPU threads, or every thread of another peer): time runnable but waiting for a CPU.
struct PeerThreads {
  int64_t pid = 0;
  std::map<int64_t, uint64_t> wait_ns;  // by thread id: run-queue wait since the thread began
};

// A guest as the config describes it: its switch ports and VFs.
struct GuestInputs {
  std::string name;
  bool up = false;                    // running, as the guest manager last saw it
  std::vector<std::string> ports;     // its vhost-user switch ports
  std::vector<std::string> vf_ports;  // "<PF PCI address>/vf<N>" of its VF interfaces
};

// One VF's counters (rtnetlink IFLA_VF_STATS, or the RDMA device's hardware counters).
struct VfCounters {
  std::string port;  // "<PF PCI address>/vf<N>"
  int32_t numa_node = -1;
  bool link = false;
  uint64_t rx_packets = 0;
  uint64_t rx_bytes = 0;
  uint64_t tx_packets = 0;
  uint64_t tx_bytes = 0;
  uint64_t rx_dropped = 0;
  uint64_t tx_dropped = 0;
};

struct RawSample {
  double time_s = 0;  // monotonic
  std::string utc;
  bool switch_up = false;
  std::string error;  // why the switch could not be read
  // When the switch's part (stats, ports, pmds, bridges, peers) was read; < 0: at time_s. A
  // baseline kept across samples the switch did not answer carries the older time.
  double switch_time_s = -1;
  api::StatsResult stats;
  api::PortList ports;
  api::PmdList pmds;
  api::BridgeList bridges;
  std::map<std::string, PeerThreads> peers;  // by switch port
  // The PMD threads' run-queue wait (ns since they began), by PMD id: a PMD whose core is
  // shared waits for it, and cannot keep up although it is not busy.
  std::map<uint32_t, uint64_t> pmd_wait_ns;
  std::vector<GuestInputs> guests;
  std::vector<VfCounters> vfs;

  double switch_time() const { return switch_time_s < 0 ? time_s : switch_time_s; }
};

}  // namespace nfv::telemetry
