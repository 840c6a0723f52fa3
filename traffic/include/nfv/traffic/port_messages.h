// nfv-traffic's commands on ports and links (ports, wait_link, pause_rx): their parameters
// and results, each listing its wire fields once (see protocol.h for the commands).
#pragma once

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "nfv/api/fields.h"

namespace nfv::traffic::proto {

using nfv::api::optional;
using nfv::api::required;

struct PortInfo {
  uint16_t port = 0;
  std::string name;
  std::string socket;
  std::string mac;
  uint16_t queues = 0;          // offered by the device
  uint16_t enabled_queues = 0;  // configured
  bool server = false;
  bool link_up = false;
  static constexpr auto fields() {
    return std::tuple{required("port", &PortInfo::port),
                      required("name", &PortInfo::name),
                      required("socket", &PortInfo::socket),
                      required("mac", &PortInfo::mac),
                      required("queues", &PortInfo::queues),
                      required("enabled_queues", &PortInfo::enabled_queues),
                      required("server", &PortInfo::server),
                      required("link_up", &PortInfo::link_up)};
  }
};
struct PortsResult {
  std::vector<PortInfo> ports;
  std::string file_prefix;
  int64_t pid = 0;
  uint64_t tsc_hz = 0;
  bool busy_poll = false;
  bool worker_lcore = false;  // the datapath has its own lcore
  static constexpr auto fields() {
    return std::tuple{required("ports", &PortsResult::ports),
                      required("file_prefix", &PortsResult::file_prefix),
                      required("pid", &PortsResult::pid),
                      required("tsc_hz", &PortsResult::tsc_hz),
                      required("busy_poll", &PortsResult::busy_poll),
                      required("worker_lcore", &PortsResult::worker_lcore)};
  }
};

struct PortParams {
  uint16_t port = 0;
  static constexpr auto fields() { return std::tuple{required("port", &PortParams::port)}; }
};

struct WaitLinkParams {
  uint16_t port = 0;
  uint32_t timeout_ms = 5000;
  static constexpr auto fields() {
    return std::tuple{required("port", &WaitLinkParams::port),
                      optional("timeout_ms", &WaitLinkParams::timeout_ms)};
  }
};
struct WaitLinkResult {
  uint16_t port = 0;
  uint32_t waited_ms = 0;
  static constexpr auto fields() {
    return std::tuple{required("port", &WaitLinkResult::port),
                      required("waited_ms", &WaitLinkResult::waited_ms)};
  }
};

}  // namespace nfv::traffic::proto
