// What a bridge's MAC table costs as it grows from 1K to 1M learned MACs (the scaling target
// of perf/lib/targets.py), measured on the table alone, without a generator competing for the CPU:
// - Lookup: the PMD's per-burst work on the table (bulk lookup of 32 source and 32 destination
//   keys drawn at random from the learned set, then each word's port and its activity mark).
//   The counter ns_per_frame is the table's share of a frame's cost.
// - AgeingStep: one background ageing step of the FDB writer (the work it does on each wake-up);
//   AgeingSweep: a whole pass over the table (what `advance_clock` and a test clock do).
// Not a test: run build/perf/fdb_bench (EAL without hugepages, on the calling CPU).
#include <benchmark/benchmark.h>
#include <rte_hash.h>
#include <rte_malloc.h>
#include <rte_rcu_qsbr.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "nfv/dataplane/eal.h"
#include "nfv/dataplane/fdb.h"
#include "nfv/fastpath/packet.h"

namespace {

constexpr unsigned kBurst = 32;

uint64_t key_of(uint32_t i) {
  const uint8_t mac[6] = {0x02,
                          0,
                          static_cast<uint8_t>(i >> 24),
                          static_cast<uint8_t>(i >> 16),
                          static_cast<uint8_t>(i >> 8),
                          static_cast<uint8_t>(i)};
  return nfv::dp::fdb_key(0, mac);
}

struct Table {
  explicit Table(uint32_t macs) {
    size_t size = rte_rcu_qsbr_get_memsize(1);
    qsbr = static_cast<rte_rcu_qsbr*>(rte_zmalloc("bench_qsbr", size, RTE_CACHE_LINE_SIZE));
    rte_rcu_qsbr_init(qsbr, 1);
    uint32_t capacity = std::max<uint32_t>(65536, 2 * macs);
    auto created =
        nfv::dp::Fdb::create("bench" + std::to_string(macs), capacity, SOCKET_ID_ANY, qsbr);
    if (!created) {
      std::cerr << created.error().message << "\n";
      std::exit(1);
    }
    fdb = std::move(created).value();
    for (uint32_t i = 0; i < macs; ++i) fdb->learn(key_of(i), static_cast<uint16_t>(i & 1), 0);
  }
  ~Table() {
    fdb.reset();
    rte_free(qsbr);
  }
  rte_rcu_qsbr* qsbr = nullptr;
  std::unique_ptr<nfv::dp::Fdb> fdb;
};

// One table per size for the whole run (learning 1M MACs takes a while); freed before the EAL.
std::vector<std::pair<uint32_t, std::unique_ptr<Table>>> g_tables;

Table& table(uint32_t macs) {
  for (auto& [size, t] : g_tables) {
    if (size == macs) return *t;
  }
  g_tables.emplace_back(macs, std::make_unique<Table>(macs));
  return *g_tables.back().second;
}

void Lookup(benchmark::State& state) {
  auto macs = static_cast<uint32_t>(state.range(0));
  nfv::dp::Fdb& fdb = *table(macs).fdb;
  const rte_hash* hash = fdb.hash();
  std::mt19937 random(42);
  std::vector<uint64_t> keys(1 << 20);
  for (auto& key : keys) key = key_of(random() % macs);
  size_t next = 0;
  uint64_t ports = 0;
  for (auto _ : state) {
    const void* key_ptrs[2 * kBurst];
    void* data[2 * kBurst];
    for (unsigned i = 0; i < 2 * kBurst; ++i) {
      key_ptrs[i] = &keys[next];
      next = (next + 1) & (keys.size() - 1);
    }
    uint64_t hits = 0;
    rte_hash_lookup_bulk_data(hash, key_ptrs, 2 * kBurst, &hits, data);
    for (uint64_t found = hits; found != 0; found &= found - 1) {
      const void* word = data[__builtin_ctzll(found)];
      ports += nfv::dp::FdbWord::port(word);
      fdb.view().mark_active(word);
    }
  }
  benchmark::DoNotOptimize(ports);
  state.counters["ns_per_frame"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * kBurst,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(Lookup)->Arg(1 << 10)->Arg(1 << 16)->Arg(1 << 20)->Unit(benchmark::kNanosecond);

void AgeingSweep(benchmark::State& state) {
  nfv::dp::Fdb& fdb = *table(static_cast<uint32_t>(state.range(0))).fdb;
  for (auto _ : state) benchmark::DoNotOptimize(fdb.age(1, 300));
}
BENCHMARK(AgeingSweep)->Arg(1 << 10)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

// Visiting every entry (mac.list, mac.flush).
void VisitAll(benchmark::State& state) {
  nfv::dp::Fdb& fdb = *table(static_cast<uint32_t>(state.range(0))).fdb;
  for (auto _ : state) {
    size_t expired = 0;
    fdb.for_each([&](const nfv::dp::FdbEntry& entry) { expired += 1 - entry.seen_s > 300; });
    benchmark::DoNotOptimize(expired);
  }
}
BENCHMARK(VisitAll)->Arg(1 << 10)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

void AgeingStep(benchmark::State& state) {
  nfv::dp::Fdb& fdb = *table(static_cast<uint32_t>(state.range(0))).fdb;
  for (auto _ : state) benchmark::DoNotOptimize(fdb.age_step(1, 300, 0.016));
}
BENCHMARK(AgeingStep)->Arg(1 << 10)->Arg(1 << 20)->Unit(benchmark::kMicrosecond);

uint64_t free_hugepages_mb() {
  std::ifstream meminfo("/proc/meminfo");
  std::string name;
  uint64_t free = 0, size_kb = 0, value = 0;
  while (meminfo >> name >> value) {
    if (name == "HugePages_Free:") free = value;
    if (name == "Hugepagesize:") size_kb = value;
    meminfo.ignore(64, '\n');
  }
  return free * size_kb / 1024;
}

}  // namespace

int main(int argc, char** argv) {
  // Hugepages when the machine has them (as nfv-switch runs): with 4K pages, a 1M-MAC table
  // adds a TLB miss to every lookup.
  std::vector<std::string> args = {"fdb_bench",      "-m",
                                   "1024",           "--no-pci",
                                   "--no-telemetry", "--huge-unlink",
                                   "--file-prefix",  "fdbbench" + std::to_string(getpid()),
                                   "--log-level",    "*:error"};
  if (free_hugepages_mb() < 1024) args.insert(args.begin() + 1, "--no-huge");
  auto eal = nfv::dp::EalSession::init(args);
  if (!eal) {
    std::cerr << eal.error().message << "\n";
    return 1;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  g_tables.clear();
  return 0;
}
