// Rates from two stats.get samples: packets and bits per second and losses per port.
// Shared by nfvctl top, the demo and telemetry exporters.
#pragma once

#include <string>
#include <vector>

#include "nfv/api/switch_api.h"

namespace nfv::api {

struct PortRate {
  std::string name;
  double rx_pps = 0;
  double tx_pps = 0;
  double rx_bps = 0;
  double tx_bps = 0;
  uint64_t rx_packets = 0;  // in the interval
  uint64_t tx_packets = 0;
  uint64_t dropped = 0;     // rx + tx drops in the interval
  static constexpr auto fields() {
    return std::tuple{required("name", &PortRate::name), required("rx_pps", &PortRate::rx_pps),
                      required("tx_pps", &PortRate::tx_pps), required("rx_bps", &PortRate::rx_bps),
                      required("tx_bps", &PortRate::tx_bps),
                      required("rx_packets", &PortRate::rx_packets),
                      required("tx_packets", &PortRate::tx_packets),
                      required("dropped", &PortRate::dropped)};
  }
};

struct RateSample {
  double elapsed_s = 0;
  std::vector<PortRate> ports;  // ports present in both samples
  static constexpr auto fields() {
    return std::tuple{required("elapsed_s", &RateSample::elapsed_s),
                      required("ports", &RateSample::ports)};
  }
};

RateSample compute_rates(const StatsResult& before, const StatsResult& after);

// "0 pps", "950 pps", "12.3 kpps", "4.56 Mpps"
std::string format_pps(double pps);

}  // namespace nfv::api
