// The MAC table's writer under a flood of new source MACs: learn rings refilled as fast as
// the writer drains them must not keep the control side's commands waiting.
#include <gtest/gtest.h>
#include <rte_malloc.h>
#include <rte_rcu_qsbr.h>
#include <rte_ring.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <thread>

#include "nfv/dataplane/coarse_clock.h"
#include "nfv/dataplane/fdb_service.h"
#include "nfv/fastpath/packet.h"
#include "support/eal_environment.h"
#include "support/switch_harness.h"

namespace nfv::test {
namespace {

const bool kEal = register_eal_environment();

using std::chrono::seconds;

struct FreeWithRte {
  void operator()(void* memory) const { rte_free(memory); }
};

// A PMD that sees nothing but new source MACs: it keeps its learn ring full until stopped.
class LearnFlood {
 public:
  explicit LearnFlood(rte_ring* ring) : ring_(ring), thread_([this] { run(); }) {}
  ~LearnFlood() { stop(); }
  void stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  uint64_t enqueued() const { return enqueued_.load(); }

 private:
  void run() {
    uint64_t mac = 0x020000000000;
    dp::LearnRequest burst[32];
    while (!stop_) {
      for (auto& request : burst) request = dp::LearnRequest{(mac++) & dp::kMacBits, 1, 0, 0};
      enqueued_ += rte_ring_sp_enqueue_burst_elem(ring_, burst, sizeof(burst[0]), 32, nullptr);
    }
  }

  rte_ring* ring_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> enqueued_{0};
  std::thread thread_;
};

TEST(FdbFlood, CommandsCompleteWithinADeadlineWhileNewMacsFloodTheLearnRing) {
  size_t rcu_size = rte_rcu_qsbr_get_memsize(1);
  std::unique_ptr<rte_rcu_qsbr, FreeWithRte> qsbr(
      static_cast<rte_rcu_qsbr*>(rte_zmalloc("flood_qsbr", rcu_size, RTE_CACHE_LINE_SIZE)));
  ASSERT_NE(qsbr, nullptr);
  ASSERT_EQ(rte_rcu_qsbr_init(qsbr.get(), 1), 0);
  std::unique_ptr<rte_ring, decltype(&rte_ring_free)> ring(
      rte_ring_create_elem("flood_learn", sizeof(dp::LearnRequest), dp::kLearnRingSize,
                           SOCKET_ID_ANY, RING_F_SP_ENQ | RING_F_SC_DEQ),
      &rte_ring_free);
  ASSERT_NE(ring, nullptr);
  dp::CoarseClock clock;
  dp::FdbService service(qsbr.get(), &clock);
  service.start({ring.get()});
  ASSERT_TRUE(service.create_table(0, "flood", 1 << 18, 300, 0, SOCKET_ID_ANY));

  LearnFlood flood(ring.get());
  ASSERT_TRUE(SwitchHarness::wait_until([&] { return flood.enqueued() > 4 * dp::kLearnRingSize; }));
  // Each command, queued while the ring never runs empty, runs within the deadline.
  auto table_size = std::async(std::launch::async, [&] { return service.table_size(0); });
  bool answered = table_size.wait_for(seconds(2)) == std::future_status::ready;
  auto flush = std::async(std::launch::async, [&] { return service.flush({}); });
  bool flushed = flush.wait_for(seconds(2)) == std::future_status::ready;
  flood.stop();  // lets a stalled writer finish, so the futures can be collected
  EXPECT_TRUE(answered) << "table_size waited more than 2 s behind the learn ring";
  EXPECT_TRUE(flushed) << "flush waited more than 2 s behind the learn ring";
  EXPECT_GT(table_size.get(), 0u);
  EXPECT_GT(flush.get(), 0u);
  service.stop();
}

}  // namespace
}  // namespace nfv::test
