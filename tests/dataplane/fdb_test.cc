// The MAC table and its writer thread on their own, with a real rte_hash and RCU: the
// orderings between PMDs and the writer that traffic tests can only hit by chance.
#include "nfv/dataplane/fdb.h"

#include <gtest/gtest.h>
#include <rte_malloc.h>
#include <rte_rcu_qsbr.h>
#include <rte_ring.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <thread>

#include "nfv/dataplane/coarse_clock.h"
#include "nfv/dataplane/fdb_service.h"
#include "nfv/dataplane/packet.h"
#include "nfv/dataplane/port_stats.h"
#include "support/eal_environment.h"
#include "support/switch_harness.h"

namespace nfv::test {
namespace {

const bool kEal = register_eal_environment();

std::atomic<int> g_name{0};
std::string unique(const std::string& base) { return base + std::to_string(g_name++); }

uint64_t key_of(uint8_t last, uint16_t vlan = 0) {
  const uint8_t mac[6] = {0x02, 0, 0, 0, 0, last};
  return dp::fdb_key(vlan, mac);
}

struct Rcu {
  explicit Rcu(uint32_t readers = 4) {
    size_t size = rte_rcu_qsbr_get_memsize(readers);
    qsbr = static_cast<rte_rcu_qsbr*>(rte_zmalloc("test_qsbr", size, RTE_CACHE_LINE_SIZE));
    EXPECT_NE(qsbr, nullptr);
    EXPECT_EQ(rte_rcu_qsbr_init(qsbr, readers), 0);
  }
  ~Rcu() { rte_free(qsbr); }
  rte_rcu_qsbr* qsbr = nullptr;
};

const dp::FdbEntry* lookup(const dp::Fdb& fdb, uint64_t key) {
  void* data = nullptr;
  if (rte_hash_lookup_data(fdb.hash(), &key, &data) < 0) return nullptr;
  return static_cast<const dp::FdbEntry*>(data);
}

// A PMD reads a dynamic entry (port, is_static), the control side makes the MAC static on
// another port, then the PMD stores the port it saw the MAC on: the static entry must keep
// its port. Before the fix, add_static edited the entry in place and the PMD's store won.
TEST(Fdb, StaticReplacesDynamicEntryWithoutLosingToAPmdStore) {
  Rcu rcu;
  auto created = dp::Fdb::create(unique("static"), 64, SOCKET_ID_ANY, rcu.qsbr);
  ASSERT_TRUE(created) << created.error().message;
  dp::Fdb& fdb = *created.value();
  // A registered, online PMD that has not passed a quiescent state since.
  ASSERT_EQ(rte_rcu_qsbr_thread_register(rcu.qsbr, 0), 0);
  rte_rcu_qsbr_thread_online(rcu.qsbr, 0);

  uint64_t key = key_of(0x0a);
  ASSERT_EQ(fdb.learn(key, 1, 100), dp::LearnOutcome::kLearned);
  // The PMD's half: it looked the MAC up and saw a dynamic entry on port 1...
  auto* seen = const_cast<dp::FdbEntry*>(lookup(fdb, key));
  ASSERT_NE(seen, nullptr);
  ASSERT_FALSE(seen->fixed());
  // ...the control side makes it static on port 7...
  ASSERT_TRUE(fdb.add_static(key, 7, 100));
  // ...and the PMD, having decided the MAC moved to port 2, stores port 2.
  seen->port.store(2, std::memory_order_relaxed);

  const dp::FdbEntry* now = lookup(fdb, key);
  ASSERT_NE(now, nullptr);
  EXPECT_TRUE(now->fixed());
  EXPECT_EQ(now->port.load(), 7u) << "a PMD's store moved a static entry";
  EXPECT_EQ(fdb.size(), 1u);
  EXPECT_EQ(fdb.learn(key, 3, 101), dp::LearnOutcome::kStatic);

  // The replaced entry is not reused while the PMD may still hold it: a burst of new keys
  // and re-made static entries never hands it out...
  for (uint8_t i = 0; i < 40; ++i) {
    ASSERT_EQ(fdb.learn(key_of(0x40 + i), 4, 100), dp::LearnOutcome::kLearned);
    ASSERT_TRUE(fdb.add_static(key_of(0x40 + i), 5, 100));
    EXPECT_NE(lookup(fdb, key_of(0x40 + i)), seen) << "entry reused before a grace period";
  }
  // ...and the table stays usable once the PMD has passed a quiescent state.
  rte_rcu_qsbr_quiescent(rcu.qsbr, 0);
  for (uint8_t i = 0; i < 20; ++i) ASSERT_TRUE(fdb.add_static(key_of(0x80 + i), 6, 100));
  EXPECT_EQ(fdb.size(), 61u);
  EXPECT_EQ(lookup(fdb, key)->port.load(), 7u);
  rte_rcu_qsbr_thread_offline(rcu.qsbr, 0);
  rte_rcu_qsbr_thread_unregister(rcu.qsbr, 0);
}

TEST(Fdb, ReplacingEntriesNeverRunsOutOfEntriesWithoutReaders) {
  Rcu rcu;
  auto created = dp::Fdb::create(unique("churn"), 16, SOCKET_ID_ANY, rcu.qsbr);
  ASSERT_TRUE(created) << created.error().message;
  dp::Fdb& fdb = *created.value();
  for (uint8_t i = 0; i < 16; ++i)
    ASSERT_EQ(fdb.learn(key_of(i), 1, 0), dp::LearnOutcome::kLearned);
  // A full table: making its MACs static many times over recycles the replaced entries.
  for (int round = 0; round < 200; ++round) {
    for (uint8_t i = 0; i < 16; ++i) {
      ASSERT_TRUE(fdb.add_static(key_of(i), static_cast<uint16_t>(round % 5), 0))
          << "round " << round;
    }
  }
  EXPECT_EQ(fdb.size(), 16u);
  EXPECT_FALSE(fdb.add_static(key_of(0x77), 1, 0)) << "still a 16-key table";
}

// Learn requests enqueued before a flush was queued are applied before the flush runs, even
// when they arrive after the FDB thread drained the rings in the same loop (port removal or
// vlan.set under traffic: publish_and_wait, then flush).
// The background ageing sweep: each step looks at the next slice of the table, so an expired
// entry goes within one whole pass, and never sooner than its ageing time. Removed and
// replaced entries are not looked at again (their key may belong to a newer entry by then).
TEST(Fdb, AgeingStepsRemoveExpiredEntriesWithinOnePass) {
  Rcu rcu;
  auto created = dp::Fdb::create(unique("ageing"), 64, SOCKET_ID_ANY, rcu.qsbr);
  ASSERT_TRUE(created) << created.error().message;
  dp::Fdb& fdb = *created.value();
  for (uint8_t i = 0; i < 40; ++i) {
    ASSERT_EQ(fdb.learn(key_of(i), 1, 100), dp::LearnOutcome::kLearned);
  }
  ASSERT_TRUE(fdb.add_static(key_of(0), 2, 100));  // replaces entry 0; never ages
  ASSERT_TRUE(fdb.remove(key_of(1)));
  ASSERT_EQ(fdb.learn(key_of(1), 3, 105), dp::LearnOutcome::kLearned);  // fresher

  // Not expired yet at 100 + 10 s with a 10 s ageing time: a whole pass removes nothing.
  for (int step = 0; step < 64; ++step) EXPECT_EQ(fdb.age_step(110, 10, 1.0 / 64), 0u);
  for (uint8_t i = 0; i < 40; ++i) EXPECT_NE(lookup(fdb, key_of(i)), nullptr) << int{i};

  // Expired: slices remove them a part at a time, all of them within one pass.
  size_t removed = 0;
  size_t most = 0;
  for (int step = 0; step < 64; ++step) {
    size_t now = fdb.age_step(111, 10, 1.0 / 64);
    removed += now;
    most = std::max(most, now);
  }
  EXPECT_LT(most, 38u) << "a 1/64-pass step looked at the whole table";
  EXPECT_EQ(removed, 38u);
  for (uint8_t i = 2; i < 40; ++i) EXPECT_EQ(lookup(fdb, key_of(i)), nullptr) << int{i};
  EXPECT_TRUE(lookup(fdb, key_of(0))->fixed());
  EXPECT_EQ(lookup(fdb, key_of(1))->port.load(), 3u);
  // The re-learned MAC ages by its own time.
  EXPECT_EQ(fdb.age(116, 10), 1u);
  EXPECT_EQ(lookup(fdb, key_of(1)), nullptr);
  EXPECT_NE(lookup(fdb, key_of(0)), nullptr);
}

TEST(FdbService, FlushRunsAfterEveryLearnRequestQueuedBeforeIt) {
  Rcu rcu;
  dp::CoarseClock clock;
  dp::FdbService service(rcu.qsbr, &clock);
  rte_ring* ring = rte_ring_create_elem(unique("learn").c_str(), sizeof(dp::LearnRequest), 64,
                                        SOCKET_ID_ANY, RING_F_SP_ENQ | RING_F_SC_DEQ);
  ASSERT_NE(ring, nullptr);
  auto learn = [&](uint64_t key, uint16_t port) {
    dp::LearnRequest request{key, port, 0, 0};
    return rte_ring_sp_enqueue_elem(ring, &request, sizeof(request)) == 0;
  };

  std::atomic<bool> armed{false};
  std::promise<void> enqueued;
  std::atomic<bool> flush_queued{false};
  // Right after the FDB thread drained the rings: a PMD enqueues one more request, then the
  // control side queues a flush.
  service.set_after_drain_hook_for_test([&] {
    if (!armed.exchange(false)) return;
    learn(key_of(0x0b), 5);
    enqueued.set_value();
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (service.queued_commands_for_test() == 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
    flush_queued = service.queued_commands_for_test() > 0;
  });
  service.start({ring});
  ASSERT_TRUE(service.create_table(0, unique("order"), 64, 300, SOCKET_ID_ANY));
  ASSERT_TRUE(learn(key_of(0x0a), 5));
  ASSERT_TRUE(learn(key_of(0x0c), 6));
  dp::FdbFilter on_5;
  on_5.port = 5;
  ASSERT_TRUE(SwitchHarness::wait_until([&] { return service.list(on_5).size() == 1; }));

  armed = true;
  enqueued.get_future().wait();
  size_t flushed = service.flush(on_5);
  EXPECT_TRUE(flush_queued.load());
  EXPECT_EQ(flushed, 2u) << "the flush ran before the request queued ahead of it";
  EXPECT_TRUE(service.list(on_5).empty()) << "an entry for the flushed port came back";
  EXPECT_EQ(service.list({}).size(), 1u) << "port 6's entry stays";
  service.stop();
  rte_ring_free(ring);
}

TEST(PortStats, NicDropsCountInRxPacketsAndRxDropped) {
  dp::PortCounters c;
  c.rx_packets = 100;
  c.rx_bytes = 6400;
  c.forwarded = 90;
  c.drop(dp::DropReason::kHairpin) = 10;
  c.tx_attempts = 50;
  c.tx_packets = 45;
  c.drop(dp::DropReason::kTxQueueFull) = 5;
  dp::DeviceDrops nic{7, 3};
  api::PortStats s = dp::port_stats(c, nic);
  EXPECT_EQ(s.drops.at("rx_missed"), 7u);
  EXPECT_EQ(s.drops.at("rx_nombuf"), 3u);
  EXPECT_EQ(s.rx_dropped, 20u);
  EXPECT_EQ(s.rx_packets, 110u) << "frames the NIC dropped reached the port";
  EXPECT_EQ(s.rx_packets, s.forwarded + s.rx_dropped);
  EXPECT_EQ(s.rx_bytes, 6400u);
  EXPECT_EQ(s.tx_dropped, 5u);
  EXPECT_EQ(s.tx_attempts, s.tx_packets + s.tx_dropped);
  EXPECT_EQ(s.drops.size(), api::kDropReasonCount);
}

}  // namespace
}  // namespace nfv::test
