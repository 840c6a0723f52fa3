#include "samples.h"

namespace nfv::telemetry::testing {
namespace {

api::TelemetryPort vhost_port() {
  api::TelemetryPort port;
  port.name = "vm1-eth0";
  port.kind = "vhost";
  port.bridge = "br0";
  port.guest = "vm1";
  port.numa_node = 0;
  port.link = true;
  port.rx_packets = 1000;
  port.rx_bytes = 64000;
  port.tx_packets = 900;
  port.tx_bytes = 57600;
  port.tx_attempts = 950;
  port.tx_dropped = 50;
  port.drops = {{"tx_queue_full", 50}, {"hairpin", 0}};
  port.lost_by_verdict = {{api::kVerdictGuestNotDraining, 50}};
  port.loss_ratio = 0.025;
  port.verdict = api::kVerdictGuestNotDraining;
  port.verdict_text = "guest vm1 does not drain its receive ring";
  port.queues = {{.queue = 0, .pmd = 1, .packets = 1000, .pending = 3, .ring_size = 256}};
  return port;
}

api::TelemetryPort dpdk_port() {
  api::TelemetryPort port;
  port.name = "uplink";
  port.kind = "dpdk";
  port.bridge = "br0";
  port.numa_node = 1;
  port.link = true;
  port.rx_packets = 123456789012;
  port.rx_bytes = 7901234496768;
  port.tx_packets = 5;
  port.tx_bytes = 320;
  port.tx_attempts = 5;
  port.drops = {{"rx_missed", 7}, {"rx_nombuf", 0}, {"mtu_exceeded", 0}};
  port.lost_by_verdict = {{api::kVerdictSwitchOverloaded, 7}};
  port.loss_ratio = 0.5e-7;
  port.verdict = api::kVerdictSwitchOverloaded;
  port.queues = {{.queue = 0, .pmd = 1, .packets = 60000000000, .pending = 0, .ring_size = 1024},
                 {.queue = 1, .pmd = 2, .packets = 63456789012, .pending = 512, .ring_size = 0}};
  return port;
}

api::TelemetryPort vf_port() {
  api::TelemetryPort port;
  port.name = "0000:3b:00.0/vf2";
  port.kind = "vf";
  port.guest = "ai \"trainer\"\\1\nbis";
  port.numa_node = -1;
  port.rx_packets = 10;
  port.tx_packets = 20;
  port.drops = {{"vf_rx_dropped", 4}, {"vf_tx_dropped", 0}};
  port.lost_by_verdict = {{api::kVerdictGuestNotDraining, 4}};
  port.loss_ratio = 0.4;
  port.verdict = api::kVerdictGuestNotDraining;
  return port;
}

api::TelemetryGuest guest(std::string name, bool up, double loss, std::string verdict,
                          double wait) {
  api::TelemetryGuest g;
  g.name = std::move(name);
  g.up = up;
  g.loss_ratio = loss;
  g.verdict = std::move(verdict);
  g.vcpu_wait_ratio = wait;
  return g;
}

}  // namespace

api::TelemetrySample small_sample() {
  api::TelemetrySample sample;
  sample.time_s = 12.5;
  sample.interval_s = 1;
  sample.switch_up = true;
  sample.ports = {vhost_port()};
  sample.pmds = {{.id = 1,
                  .cpu = 3,
                  .numa_node = 0,
                  .busy_cycles = 2000000,
                  .idle_cycles = 6000000,
                  .packets = 1000,
                  .busy_ratio = 0.25}};
  sample.bridges = {{.name = "br0", .macs = 2, .mac_capacity = 4096}};
  sample.guests = {guest("vm1", true, 0.025, api::kVerdictGuestNotDraining, 0.01)};
  return sample;
}

api::TelemetrySample rich_sample() {
  api::TelemetrySample sample = small_sample();
  sample.interval_s = 1.002;
  sample.ports.push_back(dpdk_port());
  sample.ports.push_back(vf_port());
  sample.pmds.push_back({.id = 2,
                         .cpu = 5,
                         .numa_node = 1,
                         .busy_cycles = 9000000000,
                         .idle_cycles = 100,
                         .packets = 63456789012,
                         .busy_ratio = 0.999});
  sample.bridges.push_back({.name = "br-\"lab\"", .macs = 0, .mac_capacity = 16});
  sample.guests.push_back(
      guest("ai \"trainer\"\\1\nbis", true, 0.4, api::kVerdictGuestNotDraining, -1));
  sample.guests.push_back(guest("vm2", false, 0, api::kVerdictNone, -1));
  return sample;
}

}  // namespace nfv::telemetry::testing
