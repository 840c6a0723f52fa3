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
#include <optional>
#include <string>
#include <thread>

#include "nfv/dataplane/coarse_clock.h"
#include "nfv/dataplane/fdb_service.h"
#include "nfv/dataplane/port_stats.h"
#include "nfv/fastpath/packet.h"
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

// What a PMD sees: the data word rte_hash returns for the key (nullopt: a miss).
struct Seen {
  uint16_t port;
  bool is_static;
  uint32_t slot;
};
std::optional<Seen> lookup(const dp::Fdb& fdb, uint64_t key) {
  void* data = nullptr;
  if (rte_hash_lookup_data(fdb.hash(), &key, &data) < 0) return std::nullopt;
  return Seen{dp::FdbWord::port(data), dp::FdbWord::is_static(data), dp::FdbWord::slot(data)};
}

// PMDs never write entries: a MAC seen on another port is a learn request, and the writer
// moves the entry with one atomic store of its word. A static entry never moves, and making
// a learned MAC static replaces its word in place (no miss in between for a reader).
TEST(Fdb, MovesAreTheWritersAndNeverMoveAStaticEntry) {
  Rcu rcu;
  auto created = dp::Fdb::create(unique("static"), 64, SOCKET_ID_ANY, rcu.qsbr);
  ASSERT_TRUE(created) << created.error().message;
  dp::Fdb& fdb = *created.value();

  uint64_t key = key_of(0x0a);
  ASSERT_EQ(fdb.learn(key, 1, 100), dp::LearnOutcome::kLearned);
  ASSERT_EQ(fdb.learn(key, 1, 101), dp::LearnOutcome::kRefreshed);
  ASSERT_EQ(fdb.learn(key, 2, 102), dp::LearnOutcome::kMoved);
  auto moved = lookup(fdb, key);
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved->port, 2u);
  EXPECT_FALSE(moved->is_static);

  ASSERT_TRUE(fdb.add_static(key, 7, 103));
  auto fixed = lookup(fdb, key);
  ASSERT_TRUE(fixed);
  EXPECT_TRUE(fixed->is_static);
  EXPECT_EQ(fixed->port, 7u);
  EXPECT_EQ(fixed->slot, moved->slot) << "the same entry, its word replaced";
  EXPECT_EQ(fdb.learn(key, 3, 104), dp::LearnOutcome::kStatic);
  EXPECT_EQ(lookup(fdb, key)->port, 7u) << "a learn request moved a static entry";
  EXPECT_EQ(fdb.size(), 1u);
  // The control side's view (mac list) agrees.
  std::optional<dp::FdbEntry> entry;
  fdb.for_each([&](const dp::FdbEntry& e) {
    if (e.key == key) entry = e;
  });
  ASSERT_TRUE(entry);
  EXPECT_TRUE(entry->fixed());
  EXPECT_EQ(entry->port, 7u);
}

TEST(Fdb, AFullTableRefusesNewMacsAndStillTakesStaticUpdates) {
  Rcu rcu;
  auto created = dp::Fdb::create(unique("churn"), 16, SOCKET_ID_ANY, rcu.qsbr);
  ASSERT_TRUE(created) << created.error().message;
  dp::Fdb& fdb = *created.value();
  for (uint8_t i = 0; i < 16; ++i)
    ASSERT_EQ(fdb.learn(key_of(i), 1, 0), dp::LearnOutcome::kLearned);
  EXPECT_EQ(fdb.learn(key_of(0x70), 1, 0), dp::LearnOutcome::kTableFull);
  // Making its MACs static many times over needs no new entry.
  for (int round = 0; round < 200; ++round) {
    for (uint8_t i = 0; i < 16; ++i) {
      ASSERT_TRUE(fdb.add_static(key_of(i), static_cast<uint16_t>(round % 5), 0))
          << "round " << round;
    }
  }
  EXPECT_EQ(fdb.size(), 16u);
  auto refused = fdb.add_static(key_of(0x77), 1, 0);
  ASSERT_FALSE(refused) << "still a 16-key table";
  EXPECT_NE(refused.error().message.find("mac_table_size"), std::string::npos)
      << refused.error().message;
  // Deleting frees room at once.
  ASSERT_TRUE(fdb.remove(key_of(3)));
  EXPECT_EQ(fdb.size(), 15u);
  EXPECT_EQ(fdb.learn(key_of(0x70), 2, 0), dp::LearnOutcome::kLearned);
}

// Learn requests enqueued before a flush was queued are applied before the flush runs, even
// when they arrive after the FDB thread drained the rings in the same loop (port removal or
// vlan.set under traffic: publish_and_wait, then flush).
// The background ageing sweep: each step looks at the next slice of the table, so an expired
// entry goes within one whole pass, and never sooner than its ageing time. Activity that
// PMDs marked counts as of the sweep that collects it; static entries never age.
TEST(Fdb, AgeingStepsRemoveExpiredEntriesWithinOnePass) {
  Rcu rcu;
  auto created = dp::Fdb::create(unique("ageing"), 1024, SOCKET_ID_ANY, rcu.qsbr);
  ASSERT_TRUE(created) << created.error().message;
  dp::Fdb& fdb = *created.value();
  constexpr uint8_t kMacs = 200;
  for (uint8_t i = 0; i < kMacs; ++i) {
    ASSERT_EQ(fdb.learn(key_of(i), 1, 100), dp::LearnOutcome::kLearned);
  }
  ASSERT_TRUE(fdb.add_static(key_of(0), 2, 100));  // never ages
  ASSERT_TRUE(fdb.remove(key_of(1)));
  ASSERT_EQ(fdb.learn(key_of(1), 3, 105), dp::LearnOutcome::kLearned);  // fresher
  // A PMD forwarded from MAC 2 (its word marked active) before the sweep at 110.
  void* data = nullptr;
  uint64_t active_key = key_of(2);
  ASSERT_GE(rte_hash_lookup_data(fdb.hash(), &active_key, &data), 0);
  fdb.view().mark_active(data);

  // Not expired yet at 100 + 10 s with a 10 s ageing time: a whole pass removes nothing.
  for (int step = 0; step < 32; ++step) EXPECT_EQ(fdb.age_step(110, 10, 1.0 / 32), 0u);
  for (uint8_t i = 0; i < kMacs; ++i) EXPECT_TRUE(lookup(fdb, key_of(i))) << int{i};

  // Expired: slices remove them a part at a time, all of them within one pass.
  size_t removed = 0;
  size_t most = 0;
  for (int step = 0; step < 32; ++step) {
    size_t now = fdb.age_step(111, 10, 1.0 / 32);
    removed += now;
    most = std::max(most, now);
  }
  EXPECT_EQ(removed, kMacs - 3u);
  EXPECT_LT(most, removed) << "a 1/32-pass step looked at the whole table";
  for (uint8_t i = 3; i < kMacs; ++i) EXPECT_FALSE(lookup(fdb, key_of(i))) << int{i};
  EXPECT_TRUE(lookup(fdb, key_of(0))->is_static);
  EXPECT_EQ(lookup(fdb, key_of(1))->port, 3u);
  EXPECT_TRUE(lookup(fdb, key_of(2))) << "active at 110: ages from 110";
  EXPECT_EQ(fdb.size(), 3u);
  // Each ages by its own time.
  EXPECT_EQ(fdb.age(116, 10), 1u);
  EXPECT_FALSE(lookup(fdb, key_of(1)));
  EXPECT_EQ(fdb.age(121, 10), 1u);
  EXPECT_FALSE(lookup(fdb, key_of(2)));
  EXPECT_TRUE(lookup(fdb, key_of(0)));
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
  ASSERT_TRUE(service.create_table(0, unique("order"), 64, 300, 0, SOCKET_ID_ANY));
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
