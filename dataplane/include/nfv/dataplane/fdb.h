// A bridge's forwarding database (MAC table): rte_hash with lock-free readers.
//
// Writer model: exactly one writer thread (the FDB service) adds and deletes keys; PMDs only
// look up in bulk and, on an existing entry, store a new port (MAC move) or a fresher
// timestamp (at most once a second, so a busy MAC's line does not bounce between PMDs).
// New MACs reach the writer through per-PMD learn rings. Deleted entries are recycled by
// rte_hash's integrated RCU defer queue only after every PMD has passed a quiescent state.
//
// `key` and `is_static` never change while an entry is in the table: a PMD reads is_static
// and then stores a new port (check-then-store), so an entry's kind cannot change in place
// without that store landing on the wrong kind. Making a MAC static therefore publishes a
// new entry under the same key (one atomic pointer swap in rte_hash, no lookup miss) and
// retires the old one; a PMD still holding the old one writes into it harmlessly, and it is
// reused only after an RCU grace period.
#pragma once

#include <rte_hash.h>
#include <rte_rcu_qsbr.h>

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "nfv/common/result.h"

namespace nfv::dp {

struct alignas(16) FdbEntry {
  uint64_t key = 0;
  std::atomic<uint16_t> port{0};
  // Set before the entry is published, never changed while published (see above). Atomic so
  // concurrent reads are well defined; a relaxed load is a plain load.
  std::atomic<uint8_t> is_static{0};
  // In the table (writer thread only; PMDs never read it): the ageing sweep walks the entry
  // array in order, not the hash, and skips free and retired entries by this flag.
  uint8_t live = 0;
  std::atomic<uint32_t> seen_s{0};

  bool fixed() const { return is_static.load(std::memory_order_relaxed) != 0; }
};
static_assert(sizeof(FdbEntry) == 16);

enum class LearnOutcome { kLearned, kMoved, kRefreshed, kTableFull, kStatic };

class Fdb {
 public:
  static Result<std::unique_ptr<Fdb>> create(const std::string& name, uint32_t capacity,
                                             int numa_node, rte_rcu_qsbr* qsbr);
  ~Fdb();
  Fdb(const Fdb&) = delete;
  Fdb& operator=(const Fdb&) = delete;

  // Fast path.
  const rte_hash* hash() const { return hash_; }

  // Writer thread only.
  LearnOutcome learn(uint64_t key, uint16_t port, uint32_t now_s);
  Status add_static(uint64_t key, uint16_t port, uint32_t now_s);
  bool remove(uint64_t key);
  // Removes matching entries; returns how many.
  size_t remove_if(const std::function<bool(const FdbEntry&)>& match);
  // Removes dynamic entries idle for longer than ageing_s; returns how many. A whole pass.
  size_t age(uint32_t now_s, uint32_t ageing_s);
  // The same, on the next `fraction` of the entry array only (from where the previous step
  // stopped, wrapping around): the background sweep spreads a pass over time, so a table of
  // 1M MACs never stalls the writer's CPU or flushes the cache in one go.
  size_t age_step(uint32_t now_s, uint32_t ageing_s, double fraction);
  void for_each(const std::function<void(const FdbEntry&)>& visit) const;
  uint32_t size() const;
  uint32_t capacity() const { return capacity_; }

 private:
  Fdb() = default;
  static void release_entry(void* self, void* entry);
  // An unused entry for a new key: nullptr when the table holds `capacity` keys.
  FdbEntry* allocate();
  // An unused entry, whatever the number of keys (for replacing an entry in place).
  FdbEntry* take_entry();
  // Frees an entry that readers may still hold once every PMD has passed a quiescent state.
  void retire(FdbEntry* entry);
  void reclaim_retired();
  // Deletes the entry's key and marks it not live; rte_hash recycles it after a grace period.
  void erase(FdbEntry& entry);
  size_t age_range(uint32_t begin, uint32_t end, uint32_t now_s, uint32_t ageing_s);

  struct Retired {
    uint64_t token;  // rte_rcu_qsbr_start() when the entry left the table
    uint32_t index;
  };

  rte_hash* hash_ = nullptr;
  rte_rcu_qsbr* qsbr_ = nullptr;
  // More entries than keys: deleted entries wait out an RCU grace period before reuse.
  FdbEntry* entries_ = nullptr;
  uint32_t pool_size_ = 0;
  uint32_t capacity_ = 0;        // most keys
  uint32_t ageing_cursor_ = 0;   // next entry the ageing sweep looks at
  std::vector<uint32_t> free_;   // indices of unused entries (writer thread only)
  std::deque<Retired> retired_;  // replaced entries waiting out a grace period (writer only)
};

}  // namespace nfv::dp
