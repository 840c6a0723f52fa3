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
  uint64_t dropped = 0;   // rx + tx drops in the interval
  uint64_t offered = 0;   // received + offered for delivery in the interval
  double loss_ratio = 0;  // dropped / offered; 0 when idle
  static constexpr auto fields() {
    return std::tuple{required("name", &PortRate::name),
                      required("rx_pps", &PortRate::rx_pps),
                      required("tx_pps", &PortRate::tx_pps),
                      required("rx_bps", &PortRate::rx_bps),
                      required("tx_bps", &PortRate::tx_bps),
                      required("rx_packets", &PortRate::rx_packets),
                      required("tx_packets", &PortRate::tx_packets),
                      required("dropped", &PortRate::dropped),
                      required("offered", &PortRate::offered, "received + offered for delivery"),
                      required("loss_ratio", &PortRate::loss_ratio, "dropped / offered")};
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

// "0 bps", "950 bps", "12.3 kbps", "4.56 Mbps", "9.87 Gbps"
std::string format_bps(double bps);

// A ratio as a percentage: "0%", "0.05%", "12.50%", "100%"
std::string format_percent(double ratio);

}  // namespace nfv::api
