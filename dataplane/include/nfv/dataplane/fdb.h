// A bridge's forwarding database (MAC table): rte_hash with lock-free readers.
//
// The entry is rte_hash's 64-bit data word itself (FdbWord: port, static flag, slot), which
// rte_hash keeps next to the key: a lookup that found the key has the port without touching
// another cache line. With 1M MACs every line is a cache miss, and a separate entry per MAC
// cost one more miss per lookup (perf/fdb_bench).
//
// Writer model: exactly one writer thread (the FDB service) adds, changes and deletes keys;
// a change is one atomic store of the data word by rte_hash, so readers see the old word or
// the new one. PMDs only look up in bulk. A new MAC, or a known MAC seen on another port (a
// move), reaches the writer through the PMD's learn ring. For ageing, a PMD marks the MAC's
// slot in an activity bitmap (1 bit per slot, so 1M MACs take 128 KB, which stays in cache;
// a bit already set costs a read, no write); the writer's ageing sweep harvests the bits
// into per-slot timestamps that only it reads.
//
// Slots are the writer's own indices (not rte_hash's key positions): a PMD holding a stale
// word may mark a slot that a new MAC has taken since; that new MAC then looks active for one
// sweep more, which is harmless. Deleted keys are recycled by rte_hash's integrated RCU defer
// queue only after every PMD has passed a quiescent state.
#pragma once

#include <rte_hash.h>
#include <rte_rcu_qsbr.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/dataplane/learn_policy.h"
#include "nfv/fastpath/limits.h"
#include "nfv/fastpath/mac_table_view.h"

namespace nfv::dp {

// One MAC as the control side sees it.
struct FdbEntry {
  uint64_t key = 0;
  uint16_t port = 0;
  bool is_static = false;
  uint32_t seen_s = 0;  // last activity, as of the latest ageing sweep

  bool fixed() const { return is_static; }
};

enum class LearnOutcome {
  kLearned,
  kMoved,
  kRefreshed,
  kTableFull,
  kStatic,
  kLimitReached,  // the bridge's or the port's mac_limit: not learned, not moved
  kLocked,        // known on a port with mac_lock: not moved
};

class Fdb {
 public:
  static Result<std::unique_ptr<Fdb>> create(const std::string& name, uint32_t capacity,
                                             int numa_node, rte_rcu_qsbr* qsbr);
  ~Fdb();
  Fdb(const Fdb&) = delete;
  Fdb& operator=(const Fdb&) = delete;

  // What PMDs look up and mark (the snapshot carries it).
  MacTableView view() const { return MacTableView{hash_, activity_}; }
  const rte_hash* hash() const { return hash_; }

  // Writer thread only. `policies` is indexed by port (a port beyond it has no limit or lock).
  LearnOutcome learn(uint64_t key, uint16_t port, uint32_t now_s,
                     std::span<const PortLearnPolicy> policies = {});
  Status add_static(uint64_t key, uint16_t port, uint32_t now_s);
  bool remove(uint64_t key);
  // Removes matching entries; returns how many.
  size_t remove_if(const std::function<bool(const FdbEntry&)>& match);
  // Removes dynamic entries idle for longer than ageing_s; returns how many. A whole pass.
  size_t age(uint32_t now_s, uint32_t ageing_s);
  // The same, on the next `fraction` of the slots only (from where the previous step stopped,
  // wrapping around): the background sweep spreads a pass over time, so a table of 1M MACs
  // never stalls the writer's CPU or flushes the cache in one go.
  size_t age_step(uint32_t now_s, uint32_t ageing_s, double fraction);
  // Takes the PMDs' activity marks as activity at now_s (before a test clock jumps).
  void collect_activity(uint32_t now_s);
  void for_each(const std::function<void(const FdbEntry&)>& visit) const;
  uint32_t size() const { return live_; }
  uint32_t capacity() const { return capacity_; }
  // The bridge's mac_limit: most learned entries, 0 = only the capacity.
  void set_mac_limit(uint32_t limit) { mac_limit_ = limit; }

 private:
  Fdb() = default;
  // The writer's copy of each slot's entry (the data word mirrored, and the timestamp).
  enum class SlotState : uint8_t { kFree, kDynamic, kStatic };
  struct Slot {
    uint64_t key = 0;
    uint32_t seen_s = 0;
    uint16_t port = 0;
    SlotState state = SlotState::kFree;
  };
  FdbEntry entry_of(const Slot& slot) const {
    return FdbEntry{slot.key, slot.port, slot.state == SlotState::kStatic, slot.seen_s};
  }
  // A known, non-static MAC seen on `port`: refresh, move, or refuse the move.
  LearnOutcome relearn(uint32_t index, uint16_t port, uint32_t now_s,
                       std::span<const PortLearnPolicy> policies);
  bool port_at_limit(uint16_t port, std::span<const PortLearnPolicy> policies) const;
  void count_dynamic(uint16_t port, bool added);
  // Fills the slot at free_.back() (the one the caller put in the key's word) and takes it.
  void take_slot(uint64_t key, uint16_t port, bool is_static, uint32_t now_s);
  // Deletes the slot's key and frees the slot.
  void erase(uint32_t slot);
  size_t age_range(uint32_t begin, uint32_t end, uint32_t now_s, uint32_t ageing_s);
  void collect_range(uint32_t begin, uint32_t end, uint32_t now_s);

  rte_hash* hash_ = nullptr;
  uint32_t capacity_ = 0;         // most keys (and slots)
  uint32_t live_ = 0;             // keys in the table
  uint64_t* activity_ = nullptr;  // 1 bit per slot, set by PMDs, cleared by the writer
  std::vector<Slot> slots_;       // writer thread only
  std::vector<uint32_t> free_;    // unused slots
  uint32_t ageing_cursor_ = 0;    // next slot the ageing sweep looks at
  uint32_t mac_limit_ = 0;        // most dynamic entries; 0 = capacity only
  uint32_t dynamic_ = 0;          // dynamic entries in the table
  std::array<uint32_t, kMaxPorts> port_dynamic_{};  // dynamic entries per port
};

}  // namespace nfv::dp
