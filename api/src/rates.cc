#include "nfv/api/rates.h"

#include <fmt/format.h>

#include <algorithm>

namespace nfv::api {

RateSample compute_rates(const StatsResult& before, const StatsResult& after) {
  RateSample sample;
  sample.elapsed_s = after.timestamp_s - before.timestamp_s;
  double seconds = sample.elapsed_s > 0 ? sample.elapsed_s : 1;
  for (const PortStats& now : after.ports) {
    for (const PortStats& then : before.ports) {
      if (then.name != now.name) continue;
      // A port removed and re-added under the same name restarts from zero.
      if (now.rx_packets < then.rx_packets || now.tx_packets < then.tx_packets) break;
      PortRate rate;
      rate.name = now.name;
      rate.rx_packets = now.rx_packets - then.rx_packets;
      rate.tx_packets = now.tx_packets - then.tx_packets;
      rate.rx_pps = static_cast<double>(rate.rx_packets) / seconds;
      rate.tx_pps = static_cast<double>(rate.tx_packets) / seconds;
      rate.rx_bps = 8.0 * static_cast<double>(now.rx_bytes - then.rx_bytes) / seconds;
      rate.tx_bps = 8.0 * static_cast<double>(now.tx_bytes - then.tx_bytes) / seconds;
      rate.dropped = (now.rx_dropped + now.tx_dropped) - (then.rx_dropped + then.tx_dropped);
      // Counters only grow within one port's life; a cleared one reads as idle, not negative.
      uint64_t attempts =
          now.tx_attempts >= then.tx_attempts ? now.tx_attempts - then.tx_attempts : 0;
      rate.offered = rate.rx_packets + attempts;
      if (rate.offered > 0) {
        rate.loss_ratio =
            std::min(1.0, static_cast<double>(rate.dropped) / static_cast<double>(rate.offered));
      }
      sample.ports.push_back(rate);
      break;
    }
  }
  return sample;
}

std::string format_pps(double pps) {
  // Thresholds where the rounded figure would reach the next unit ("1000.0 kpps").
  if (pps >= 999.95e3) return fmt::format("{:.2f} Mpps", pps / 1e6);
  if (pps >= 999.5) return fmt::format("{:.1f} kpps", pps / 1e3);
  return fmt::format("{:.0f} pps", pps);
}

std::string format_bps(double bps) {
  if (bps >= 999.95e6) return fmt::format("{:.2f} Gbps", bps / 1e9);
  if (bps >= 999.95e3) return fmt::format("{:.2f} Mbps", bps / 1e6);
  if (bps >= 999.5) return fmt::format("{:.1f} kbps", bps / 1e3);
  return fmt::format("{:.0f} bps", bps);
}

std::string format_percent(double ratio) {
  if (ratio <= 0) return "0%";
  if (ratio >= 1) return "100%";
  return fmt::format("{:.2f}%", ratio * 100);
}

}  // namespace nfv::api
