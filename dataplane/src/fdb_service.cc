#include "nfv/dataplane/fdb_service.h"

#include <algorithm>

#include "nfv/common/log.h"
#include "nfv/fastpath/packet.h"

namespace nfv::dp {
namespace {

// The writer polls the learn rings every millisecond while PMDs are learning, and backs off
// to kIdlePeriod while nothing arrives: an idle switch does not wake its housekeeping core
// (or a benchmark's generator CPU) a thousand times a second. Commands wake it at once.
constexpr auto kBusyPeriod = std::chrono::milliseconds(1);
constexpr auto kIdlePeriod = std::chrono::milliseconds(16);
constexpr unsigned kLearnDrainBatch = 256;
// Requests taken from one ring per loop when no command waits: a flood of new MACs that
// refills the rings as fast as they drain must not keep commands and ageing waiting.
constexpr unsigned kLearnDrainPerLoop = 1024;
// The background ageing sweep covers every table once per pass, a slice on each wake-up: a
// whole pass over 1M MACs at once took tens of milliseconds of the writer's CPU (in a
// benchmark, the generator's) and evicted the PMDs' cache lines.
constexpr auto kAgeingPass = std::chrono::seconds(1);

bool matches(const FdbFilter& filter, uint16_t bridge, const FdbEntry& entry) {
  if (filter.bridge && *filter.bridge != bridge) return false;
  if (filter.port && *filter.port != entry.port) return false;
  if (filter.vlan && *filter.vlan != fdb_key_vlan(entry.key)) return false;
  if (!filter.include_static && entry.fixed()) return false;
  return true;
}

void count(LearnOutcome outcome, LearnCounters& counters) {
  switch (outcome) {
    case LearnOutcome::kLearned:
      counters.learned.fetch_add(1, std::memory_order_relaxed);
      break;
    case LearnOutcome::kMoved:
      counters.moved.fetch_add(1, std::memory_order_relaxed);
      break;
    case LearnOutcome::kTableFull:
      counters.table_full.fetch_add(1, std::memory_order_relaxed);
      break;
    case LearnOutcome::kLimitReached:
      counters.limit_refused.fetch_add(1, std::memory_order_relaxed);
      break;
    case LearnOutcome::kLocked:
      counters.lock_refused.fetch_add(1, std::memory_order_relaxed);
      break;
    case LearnOutcome::kRefreshed:
    case LearnOutcome::kStatic:
      break;
  }
}

}  // namespace

void FdbService::start(std::vector<rte_ring*> learn_rings) {
  rings_ = std::move(learn_rings);
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
  pthread_setname_np(thread_.native_handle(), "nfv-fdb");
}

size_t FdbService::queued_commands_for_test() {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

void FdbService::stop() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void FdbService::run() {
  auto last_ageing = std::chrono::steady_clock::now();
  auto period = kBusyPeriod;
  while (true) {
    // Commands first, then the rings, then the commands: every learn request a PMD enqueued
    // before a command was queued is applied before that command runs (a flush posted after
    // publish_and_wait() must also remove what PMDs learned under the old snapshot). Those
    // requests are all in the rings once the commands are taken: what each ring holds then
    // is drained in full, whatever the per-loop bound.
    std::deque<std::function<void()>> tasks;
    {
      std::unique_lock lock(mutex_);
      if (stopping_) return;
      tasks.swap(queue_);
    }
    DrainResult drained = drain_learn_rings(tasks.empty() ? kLearnDrainPerLoop : kDrainAll);
    if (after_drain_hook_) after_drain_hook_();
    bool busy = drained.learned > 0 || !tasks.empty();
    period = busy ? kBusyPeriod : std::min(2 * period, kIdlePeriod);
    for (auto& task : tasks) task();
    clock_->tick();
    auto now = std::chrono::steady_clock::now();
    age_slice(std::chrono::duration<double>(now - last_ageing) / kAgeingPass);
    last_ageing = now;
    if (drained.backlog) continue;  // rings still full: drain on, commands had their turn
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, period, [this] { return stopping_ || !queue_.empty(); });
  }
}

FdbService::DrainResult FdbService::drain_learn_rings(unsigned per_ring_limit) {
  DrainResult result;
  uint32_t now = clock_->now_s();
  for (rte_ring* ring : rings_) {
    // kDrainAll: what the ring holds now, not what PMDs add while it drains.
    unsigned limit = per_ring_limit == kDrainAll ? rte_ring_count(ring) : per_ring_limit;
    result.learned += drain_ring(ring, limit, now);
    result.backlog = result.backlog || !rte_ring_empty(ring);
  }
  return result;
}

unsigned FdbService::drain_ring(rte_ring* ring, unsigned limit, uint32_t now) {
  LearnRequest batch[kLearnDrainBatch];
  unsigned drained = 0;
  while (drained < limit) {
    unsigned n = rte_ring_sc_dequeue_burst_elem(
        ring, batch, sizeof(LearnRequest), std::min(kLearnDrainBatch, limit - drained), nullptr);
    if (n == 0) break;
    drained += n;
    for (unsigned i = 0; i < n; ++i) apply(batch[i], now);
  }
  return drained;
}

void FdbService::apply(const LearnRequest& request, uint32_t now) {
  Fdb* fdb = request.bridge < kMaxBridges ? tables_[request.bridge].get() : nullptr;
  if (fdb == nullptr || request.port >= kMaxPorts) return;
  count(fdb->learn(request.key, request.port, now, policies_), learn_[request.port]);
}

void FdbService::age_slice(double fraction) {
  uint32_t now = clock_->now_s();
  for (size_t b = 0; b < tables_.size(); ++b) {
    if (tables_[b]) tables_[b]->age_step(now, ageing_s_[b], fraction);
  }
}

uint64_t FdbService::age_all() {
  uint64_t aged = 0;
  uint32_t now = clock_->now_s();
  for (size_t b = 0; b < tables_.size(); ++b) {
    if (tables_[b]) aged += tables_[b]->age(now, ageing_s_[b]);
  }
  return aged;
}

Result<Fdb*> FdbService::create_table(uint16_t bridge, const std::string& name, uint32_t capacity,
                                      uint32_t ageing_s, uint32_t mac_limit, int numa_node) {
  return execute([&]() -> Result<Fdb*> {
    auto fdb = Fdb::create(name, capacity, numa_node, qsbr_);
    if (!fdb) return std::move(fdb).error();
    tables_[bridge] = std::move(fdb).value();
    tables_[bridge]->set_mac_limit(mac_limit);
    ageing_s_[bridge] = ageing_s;
    return tables_[bridge].get();
  });
}

void FdbService::destroy_table(uint16_t bridge) {
  execute([&] { tables_[bridge].reset(); });
}

void FdbService::set_ageing(uint16_t bridge, uint32_t ageing_s) {
  execute([&] { ageing_s_[bridge] = ageing_s; });
}

void FdbService::set_learn_policy(uint16_t port, const PortLearnPolicy& policy) {
  execute([&] { policies_[port] = policy; });
}

Status FdbService::add_static(uint16_t bridge, uint64_t key, uint16_t port) {
  return execute([&]() -> Status {
    if (!tables_[bridge]) return make_error("bridge slot {} has no MAC table", bridge);
    return tables_[bridge]->add_static(key, port, clock_->now_s());
  });
}

bool FdbService::remove(uint16_t bridge, uint64_t key) {
  return execute([&] { return tables_[bridge] && tables_[bridge]->remove(key); });
}

size_t FdbService::flush(const FdbFilter& filter) {
  return execute([&] {
    size_t removed = 0;
    for (size_t b = 0; b < tables_.size(); ++b) {
      if (!tables_[b]) continue;
      auto bridge = static_cast<uint16_t>(b);
      removed += tables_[b]->remove_if(
          [&](const FdbEntry& entry) { return matches(filter, bridge, entry); });
    }
    return removed;
  });
}

std::vector<FdbRecord> FdbService::list(const FdbFilter& filter) {
  return execute([&] {
    std::vector<FdbRecord> records;
    uint32_t now = clock_->now_s();
    for (size_t b = 0; b < tables_.size(); ++b) {
      if (!tables_[b]) continue;
      auto bridge = static_cast<uint16_t>(b);
      tables_[b]->collect_activity(now);  // ages as of now, not as of the last sweep
      tables_[b]->for_each([&](const FdbEntry& entry) {
        if (!matches(filter, bridge, entry)) return;
        records.push_back(
            FdbRecord{bridge, entry.key, entry.port, entry.fixed(), now - entry.seen_s});
      });
    }
    return records;
  });
}

uint64_t FdbService::table_size(uint16_t bridge) {
  return execute([&]() -> uint64_t { return tables_[bridge] ? tables_[bridge]->size() : 0; });
}

uint64_t FdbService::advance_clock(double seconds) {
  return execute([&] {
    drain_learn_rings(kDrainAll);
    // Activity so far happened before the jump.
    uint32_t now = clock_->now_s();
    for (auto& table : tables_) {
      if (table) table->collect_activity(now);
    }
    clock_->advance(seconds);
    return age_all();
  });
}

}  // namespace nfv::dp
