#include "nfv/dataplane/fdb.h"

#include <rte_hash_crc.h>
#include <rte_malloc.h>

#include <algorithm>
#include <atomic>
#include <new>

namespace nfv::dp {

Result<std::unique_ptr<Fdb>> Fdb::create(const std::string& name, uint32_t capacity, int numa_node,
                                         rte_rcu_qsbr* qsbr) {
  if (capacity < 16) return make_error("fdb {}: capacity {} is below 16", name, capacity);
  std::unique_ptr<Fdb> fdb(new Fdb());
  fdb->capacity_ = capacity;
  fdb->qsbr_ = qsbr;
  fdb->pool_size_ = capacity + std::max<uint32_t>(1024, capacity / 4);

  std::string hash_name = "fdb_" + name;
  rte_hash_parameters params{};
  params.name = hash_name.c_str();
  params.entries = capacity;
  params.key_len = sizeof(uint64_t);
  params.hash_func = rte_hash_crc;
  params.hash_func_init_val = 0;
  params.socket_id = numa_node < 0 ? SOCKET_ID_ANY : numa_node;
  // Lock-free readers; extendable buckets so the table holds `capacity` keys whatever
  // their hashes (cuckoo alone can fail earlier).
  params.extra_flag = RTE_HASH_EXTRA_FLAGS_RW_CONCURRENCY_LF | RTE_HASH_EXTRA_FLAGS_EXT_TABLE;
  fdb->hash_ = rte_hash_create(&params);
  if (fdb->hash_ == nullptr) {
    return make_error(
        "fdb {}: cannot create a {}-entry hash table on node {} (out of memory? "
        "give nfv-switch more --memory or a smaller --mac-table-size)",
        name, capacity, numa_node);
  }
  fdb->entries_ = static_cast<FdbEntry*>(rte_zmalloc_socket(
      "fdb_entries", sizeof(FdbEntry) * fdb->pool_size_, RTE_CACHE_LINE_SIZE, params.socket_id));
  if (fdb->entries_ == nullptr) {
    return make_error("fdb {}: cannot allocate {} entries (out of memory)", name, fdb->pool_size_);
  }
  for (uint32_t i = 0; i < fdb->pool_size_; ++i) new (&fdb->entries_[i]) FdbEntry();
  fdb->free_.reserve(fdb->pool_size_);
  for (uint32_t i = fdb->pool_size_; i > 0; --i) fdb->free_.push_back(i - 1);

  rte_hash_rcu_config rcu{};
  rcu.v = qsbr;
  rcu.mode = RTE_HASH_QSBR_MODE_DQ;
  rcu.trigger_reclaim_limit = 64;
  rcu.key_data_ptr = fdb.get();
  rcu.free_key_data_func = &Fdb::release_entry;
  if (rte_hash_rcu_qsbr_add(fdb->hash_, &rcu) != 0) {
    return make_error("fdb {}: cannot attach RCU reclamation to the hash table", name);
  }
  return fdb;
}

Fdb::~Fdb() {
  if (hash_ != nullptr) rte_hash_free(hash_);
  rte_free(entries_);
}

uint32_t Fdb::size() const { return static_cast<uint32_t>(rte_hash_count(hash_)); }

void Fdb::release_entry(void* self, void* entry) {
  auto* fdb = static_cast<Fdb*>(self);
  auto* e = static_cast<FdbEntry*>(entry);
  fdb->free_.push_back(static_cast<uint32_t>(e - fdb->entries_));
}

FdbEntry* Fdb::allocate() {
  if (size() >= capacity_) return nullptr;
  return take_entry();
}

FdbEntry* Fdb::take_entry() {
  if (free_.empty()) reclaim_retired();
  if (free_.empty()) return nullptr;
  FdbEntry* entry = &entries_[free_.back()];
  free_.pop_back();
  return entry;
}

void Fdb::retire(FdbEntry* entry) {
  entry->live = 0;
  retired_.push_back(Retired{rte_rcu_qsbr_start(qsbr_), static_cast<uint32_t>(entry - entries_)});
  reclaim_retired();
}

void Fdb::reclaim_retired() {
  // Tokens grow in order: stop at the first entry some PMD may still be reading.
  while (!retired_.empty() && rte_rcu_qsbr_check(qsbr_, retired_.front().token, false) == 1) {
    free_.push_back(retired_.front().index);
    retired_.pop_front();
  }
}

LearnOutcome Fdb::learn(uint64_t key, uint16_t port, uint32_t now_s) {
  void* data = nullptr;
  if (rte_hash_lookup_data(hash_, &key, &data) >= 0) {
    auto* entry = static_cast<FdbEntry*>(data);
    if (entry->fixed()) return LearnOutcome::kStatic;
    entry->seen_s.store(now_s, std::memory_order_relaxed);
    if (entry->port.exchange(port, std::memory_order_relaxed) != port) return LearnOutcome::kMoved;
    return LearnOutcome::kRefreshed;
  }
  FdbEntry* entry = allocate();
  if (entry == nullptr) return LearnOutcome::kTableFull;
  entry->key = key;
  entry->port.store(port, std::memory_order_relaxed);
  entry->is_static.store(0, std::memory_order_relaxed);
  entry->seen_s.store(now_s, std::memory_order_relaxed);
  // The entry is complete before the key becomes visible to readers (rte_hash publishes the
  // data pointer with release semantics).
  if (rte_hash_add_key_data(hash_, &key, entry) != 0) {
    free_.push_back(static_cast<uint32_t>(entry - entries_));
    return LearnOutcome::kTableFull;
  }
  entry->live = 1;
  return LearnOutcome::kLearned;
}

Status Fdb::add_static(uint64_t key, uint16_t port, uint32_t now_s) {
  void* data = nullptr;
  FdbEntry* old = nullptr;
  if (rte_hash_lookup_data(hash_, &key, &data) >= 0) old = static_cast<FdbEntry*>(data);
  // Never edited in place: a PMD may be between reading a dynamic entry's is_static and
  // storing a new port into it. A fresh entry replaces the old one under the same key.
  FdbEntry* entry = old != nullptr ? take_entry() : allocate();
  if (entry == nullptr) {
    return make_error("MAC table full ({} entries): raise the bridge's mac_table_size or flush",
                      capacity_);
  }
  entry->key = key;
  entry->port.store(port, std::memory_order_relaxed);
  entry->is_static.store(1, std::memory_order_relaxed);
  entry->seen_s.store(now_s, std::memory_order_relaxed);
  // A new key, or an existing key's data pointer swapped atomically: readers see the old
  // entry or the complete new one, never a miss.
  if (rte_hash_add_key_data(hash_, &key, entry) != 0) {
    free_.push_back(static_cast<uint32_t>(entry - entries_));
    return make_error("MAC table full ({} entries)", capacity_);
  }
  entry->live = 1;
  if (old != nullptr) retire(old);
  return {};
}

bool Fdb::remove(uint64_t key) {
  void* data = nullptr;
  if (rte_hash_lookup_data(hash_, &key, &data) < 0) return false;
  erase(*static_cast<FdbEntry*>(data));
  return true;
}

void Fdb::erase(FdbEntry& entry) {
  rte_hash_del_key(hash_, &entry.key);
  entry.live = 0;
}

size_t Fdb::remove_if(const std::function<bool(const FdbEntry&)>& match) {
  size_t removed = 0;
  for (uint32_t i = 0; i < pool_size_; ++i) {
    FdbEntry& entry = entries_[i];
    if (entry.live && match(entry)) {
      erase(entry);
      ++removed;
    }
  }
  return removed;
}

size_t Fdb::age_range(uint32_t begin, uint32_t end, uint32_t now_s, uint32_t ageing_s) {
  size_t removed = 0;
  for (uint32_t i = begin; i < end; ++i) {
    FdbEntry& entry = entries_[i];
    if (entry.live && !entry.fixed() &&
        now_s - entry.seen_s.load(std::memory_order_relaxed) > ageing_s) {
      erase(entry);
      ++removed;
    }
  }
  return removed;
}

size_t Fdb::age(uint32_t now_s, uint32_t ageing_s) {
  return age_range(0, pool_size_, now_s, ageing_s);
}

size_t Fdb::age_step(uint32_t now_s, uint32_t ageing_s, double fraction) {
  auto budget = static_cast<uint32_t>(
      std::clamp(fraction, 0.0, 1.0) * static_cast<double>(pool_size_) + 1.0);
  size_t removed = 0;
  while (budget > 0) {
    uint32_t end = std::min(pool_size_, ageing_cursor_ + budget);
    removed += age_range(ageing_cursor_, end, now_s, ageing_s);
    budget -= end - ageing_cursor_;
    ageing_cursor_ = end == pool_size_ ? 0 : end;
    if (ageing_cursor_ == 0) break;  // at most one whole pass per step
  }
  return removed;
}

void Fdb::for_each(const std::function<void(const FdbEntry&)>& visit) const {
  const void* key = nullptr;
  void* data = nullptr;
  uint32_t next = 0;
  while (rte_hash_iterate(hash_, &key, &data, &next) >= 0) {
    visit(*static_cast<const FdbEntry*>(data));
  }
}

}  // namespace nfv::dp
