#include "switch_harness.h"

#include <gtest/gtest.h>
#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <filesystem>
#include <thread>

#include "nfv/common/strings.h"

namespace nfv::test {
namespace {

std::atomic<int> g_instance{0};

std::string unique(const std::string& base) {
  return base + std::to_string(g_instance.fetch_add(1));
}

}  // namespace

Bytes make_frame(const std::string& dst, const std::string& src, std::optional<uint16_t> vlan,
                 size_t length, uint8_t tag_byte) {
  Bytes frame;
  auto d = parse_mac(dst);
  auto s = parse_mac(src);
  EXPECT_TRUE(d && s) << dst << " " << src;
  frame.insert(frame.end(), d->begin(), d->end());
  frame.insert(frame.end(), s->begin(), s->end());
  if (vlan) {
    frame.push_back(0x81);
    frame.push_back(0x00);
    frame.push_back(static_cast<uint8_t>(*vlan >> 8));
    frame.push_back(static_cast<uint8_t>(*vlan & 0xff));
  }
  frame.push_back(0x88);
  frame.push_back(0xb5);
  uint8_t value = tag_byte;
  while (frame.size() < length) frame.push_back(value++);
  return frame;
}

std::optional<uint16_t> frame_vlan(const Bytes& frame) {
  if (frame.size() < 18 || frame[12] != 0x81 || frame[13] != 0x00) return std::nullopt;
  return static_cast<uint16_t>(((frame[14] << 8) | frame[15]) & 0x0fff);
}

SwitchHarness::SwitchHarness(const HarnessOptions& options) {
  dir_ = "/tmp/" + unique("nfv-harness-" + std::to_string(getpid()) + "-");
  std::filesystem::create_directories(dir_);
  pool_ = rte_pktmbuf_pool_create(unique("harness_pool").c_str(), 8191, 256, 0,
                                  RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
  EXPECT_NE(pool_, nullptr);
  dp::SwitchOptions o;
  for (size_t i = 0; i < options.pmds; ++i) o.pmd_cores.push_back(1);
  o.no_huge = true;
  o.vhost_dir = dir_;
  o.mac_table_size = options.mac_table_size;
  o.mac_ageing_s = options.mac_ageing_s;
  o.idle_sleep_max_us = options.idle_sleep_max_us;
  o.test_clock = true;
  o.mbufs = 16383;
  o.rx_descriptors = 512;
  o.tx_descriptors = 512;
  auto created = dp::Switch::create(o, {"dataplane-test"});
  EXPECT_TRUE(created) << created.error().message;
  if (created) switch_ = std::move(created).value();
}

SwitchHarness::~SwitchHarness() {
  switch_.reset();
  for (auto& [name, port] : ports_) {
    drain(name);
    rte_eth_dev_close(port.eth_port);
    for (rte_ring* ring : port.to_switch) rte_ring_free(ring);
    rte_ring_free(port.from_switch);
  }
  rte_mempool_free(pool_);
  std::filesystem::remove_all(dir_);
}

rte_mbuf* mbuf_of(rte_mempool* pool, const Bytes& frame) {
  rte_mbuf* head = nullptr;
  size_t offset = 0;
  do {
    rte_mbuf* m = rte_pktmbuf_alloc(pool);
    if (m == nullptr) {
      rte_pktmbuf_free(head);
      return nullptr;
    }
    auto length =
        static_cast<uint16_t>(std::min<size_t>(rte_pktmbuf_tailroom(m), frame.size() - offset));
    std::memcpy(rte_pktmbuf_append(m, length), frame.data() + offset, length);
    offset += length;
    if (head == nullptr) {
      head = m;
    } else if (rte_pktmbuf_chain(head, m) != 0) {
      rte_pktmbuf_free(m);
      rte_pktmbuf_free(head);
      return nullptr;
    }
  } while (offset < frame.size());
  return head;
}

Bytes bytes_of(const rte_mbuf* m) {
  Bytes frame(m->pkt_len);
  const void* copied = rte_pktmbuf_read(m, 0, m->pkt_len, frame.data());
  if (copied != frame.data()) std::memcpy(frame.data(), copied, m->pkt_len);
  return frame;
}

RingPort& SwitchHarness::add_port(const std::string& name, const std::string& bridge,
                                  std::optional<api::VlanConfig> vlan, uint16_t queues,
                                  std::optional<api::PortSecurityConfig> security) {
  api::PortAddParams params;
  params.name = name;
  params.queues = queues;
  params.bridge = bridge;
  params.vlan = vlan;
  params.security = security;
  return add_port(params);
}

RingPort& SwitchHarness::add_port(api::PortAddParams params) {
  const std::string name = params.name;
  uint16_t queues = params.queues == 0 ? 1 : static_cast<uint16_t>(params.queues);
  RingPort port;
  port.name = name;
  for (uint16_t q = 0; q < queues; ++q) {
    port.to_switch.push_back(
        rte_ring_create(unique("in").c_str(), 4096, SOCKET_ID_ANY, RING_F_SP_ENQ | RING_F_SC_DEQ));
  }
  port.from_switch = rte_ring_create(unique("out").c_str(), 16384, SOCKET_ID_ANY, RING_F_SC_DEQ);
  std::vector<rte_ring*> tx(dp::kMaxPmds, port.from_switch);
  std::string ring_name = unique(name + "_");
  int id = rte_eth_from_rings(ring_name.c_str(), port.to_switch.data(), queues, tx.data(), 2,
                              SOCKET_ID_ANY);
  EXPECT_GE(id, 0) << "rte_eth_from_rings " << ring_name;
  port.eth_port = static_cast<uint16_t>(id);
  char ethdev[RTE_ETH_NAME_MAX_LEN];
  EXPECT_EQ(rte_eth_dev_get_name_by_port(port.eth_port, ethdev), 0);  // "net_ring_<name>"
  params.type = "dpdk";
  params.devargs = ethdev;
  auto added = dp::handle_port_add(*switch_, params, dp::PortOrigin::kCommandLine);
  EXPECT_TRUE(added) << added.error().message;
  return ports_[name] = port;
}

void SwitchHarness::add_bridge(const std::string& name, std::optional<uint32_t> mac_table_size,
                               std::optional<uint32_t> mac_limit) {
  api::BridgeAddParams params;
  params.name = name;
  params.mac_table_size = mac_table_size;
  params.mac_limit = mac_limit;
  auto added = dp::handle_bridge_add(*switch_, params);
  ASSERT_TRUE(added) << added.error().message;
}

void SwitchHarness::remove_port(const std::string& name) {
  removed_rx_[name] += stats(name).rx_packets;
  auto status = switch_->del_port(api::NameParams{name, false});
  ASSERT_TRUE(status) << status.error().message;
  RingPort port = ports_.at(name);
  drain(name);
  ports_.erase(name);
  rte_eth_dev_close(port.eth_port);
  for (rte_ring* ring : port.to_switch) rte_ring_free(ring);
  rte_ring_free(port.from_switch);
}

void SwitchHarness::inject(const std::string& port, const std::vector<Bytes>& frames,
                           uint16_t queue) {
  rte_ring* ring = ports_.at(port).to_switch.at(queue);
  for (const Bytes& frame : frames) {
    rte_mbuf* m = mbuf_of(pool_, frame);  // chained when longer than one mbuf
    ASSERT_NE(m, nullptr) << "test mempool exhausted";
    while (rte_ring_enqueue(ring, m) != 0) std::this_thread::yield();  // ring full: wait
    ++injected_;
  }
}

std::vector<Bytes> SwitchHarness::drain(const std::string& port) {
  std::vector<Bytes> frames;
  rte_ring* ring = ports_.at(port).from_switch;
  void* object = nullptr;
  while (rte_ring_dequeue(ring, &object) == 0) {
    auto* m = static_cast<rte_mbuf*>(object);
    frames.push_back(bytes_of(m));
    rte_pktmbuf_free(m);
  }
  return frames;
}

std::vector<Bytes> SwitchHarness::collect(const std::string& port, size_t count,
                                          std::chrono::milliseconds deadline) {
  std::vector<Bytes> frames;
  wait_until(
      [&] {
        auto more = drain(port);
        frames.insert(frames.end(), more.begin(), more.end());
        return frames.size() >= count;
      },
      deadline);
  return frames;
}

void SwitchHarness::settle(std::chrono::milliseconds deadline) {
  bool settled = wait_until(
      [&] {
        uint64_t received = 0;
        for (const auto& [name, rx] : removed_rx_) received += rx;
        for (const auto& [name, port] : ports_) received += stats(name).rx_packets;
        return received >= injected_;
      },
      deadline);
  EXPECT_TRUE(settled) << "the switch did not receive every injected frame in time";
}

api::PortStats SwitchHarness::stats(const std::string& port) {
  auto result = switch_->stats(api::StatsParams{port});
  EXPECT_TRUE(result) << result.error().message;
  return result ? result->ports.at(0) : api::PortStats{};
}

uint64_t SwitchHarness::drops(const std::string& port, const std::string& reason) {
  return stats(port).drops.at(reason);
}

bool SwitchHarness::wait_learned(const std::string& bridge, const std::string& mac, uint16_t vlan,
                                 std::chrono::milliseconds deadline) {
  return wait_until(
      [&] {
        api::MacListParams params;
        params.bridge = bridge;
        params.vlan = vlan;
        auto list = switch_->list_macs(params);
        if (!list) return false;
        for (const auto& entry : list->entries) {
          if (entry.mac == mac) return true;
        }
        return false;
      },
      deadline);
}

void SwitchHarness::expect_counter_invariants() {
  auto all = switch_->stats(api::StatsParams{});
  ASSERT_TRUE(all);
  for (const auto& s : all->ports) {
    EXPECT_TRUE(counters_consistent(s)) << "port " << s.name;
  }
}

::testing::AssertionResult counters_consistent(const api::PortStats& s) {
  uint64_t ingress = 0;  // ingress and NIC (device) drops
  uint64_t egress = 0;
  for (const auto& reason : api::kDropReasons) {
    uint64_t count = s.drops.at(std::string(reason.name));
    if (reason.side == api::DropSide::kEgress) {
      egress += count;
    } else {
      ingress += count;
    }
  }
  if (s.rx_dropped != ingress || s.tx_dropped != egress) {
    return ::testing::AssertionFailure()
           << "rx_dropped " << s.rx_dropped << " tx_dropped " << s.tx_dropped
           << " but the reasons sum to " << ingress << " and " << egress;
  }
  if (s.rx_packets != s.forwarded + s.rx_dropped) {
    return ::testing::AssertionFailure() << "rx_packets " << s.rx_packets << " != forwarded "
                                         << s.forwarded << " + rx_dropped " << s.rx_dropped;
  }
  if (s.tx_attempts != s.tx_packets + s.tx_dropped) {
    return ::testing::AssertionFailure() << "tx_attempts " << s.tx_attempts << " != tx_packets "
                                         << s.tx_packets << " + tx_dropped " << s.tx_dropped;
  }
  return ::testing::AssertionSuccess();
}

unsigned SwitchHarness::injected_mbufs_in_use() const { return rte_mempool_in_use_count(pool_); }

bool SwitchHarness::wait_until(const std::function<bool()>& condition,
                               std::chrono::milliseconds deadline) {
  auto end = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < end) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  return condition();
}

}  // namespace nfv::test

namespace nfv::test {

namespace {
std::string hex(const Bytes& frame) {
  std::string out;
  for (size_t i = 0; i < frame.size(); ++i)
    out += fmt::format("{:02x}{}", frame[i], i % 16 == 15 ? "\n" : " ");
  return out;
}
}  // namespace

::testing::AssertionResult SameFrames(const std::vector<Bytes>& actual,
                                      const std::vector<Bytes>& expected) {
  if (actual.size() != expected.size()) {
    return ::testing::AssertionFailure()
           << actual.size() << " frames, expected " << expected.size();
  }
  for (size_t i = 0; i < actual.size(); ++i) {
    if (actual[i] != expected[i]) {
      return ::testing::AssertionFailure()
             << "frame " << i << " differs:\nactual (" << actual[i].size() << " bytes):\n"
             << hex(actual[i]) << "\nexpected (" << expected[i].size() << " bytes):\n"
             << hex(expected[i]);
    }
  }
  return ::testing::AssertionSuccess();
}

}  // namespace nfv::test
