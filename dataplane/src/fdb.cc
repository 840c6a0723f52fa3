#include "nfv/dataplane/fdb.h"

#include <rte_hash_crc.h>
#include <rte_malloc.h>

#include <algorithm>
#include <cstring>

namespace nfv::dp {
namespace {

int keys_equal(const void* a, const void* b, size_t /*len*/) {
  uint64_t x;
  uint64_t y;
  std::memcpy(&x, a, sizeof x);
  std::memcpy(&y, b, sizeof y);
  return x == y ? 0 : 1;  // memcmp's convention: 0 when equal
}

}  // namespace

Result<std::unique_ptr<Fdb>> Fdb::create(const std::string& name, uint32_t capacity, int numa_node,
                                         rte_rcu_qsbr* qsbr) {
  if (capacity < 16) return make_error("fdb {}: capacity {} is below 16", name, capacity);
  std::unique_ptr<Fdb> fdb(new Fdb());
  fdb->capacity_ = capacity;

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
  // rte_hash compares 8-byte keys with memcmp through a function pointer; one 8-byte compare
  // is cheaper (every key of a burst is compared once it is found).
  rte_hash_set_cmp_func(fdb->hash_, &keys_equal);
  size_t words = (capacity + 63) / 64;
  fdb->activity_ = static_cast<uint64_t*>(rte_zmalloc_socket(
      "fdb_activity", words * sizeof(uint64_t), RTE_CACHE_LINE_SIZE, params.socket_id));
  if (fdb->activity_ == nullptr) {
    return make_error("fdb {}: cannot allocate its activity bitmap (out of memory)", name);
  }
  fdb->slots_.resize(capacity);
  fdb->free_.reserve(capacity);
  for (uint32_t i = capacity; i > 0; --i) fdb->free_.push_back(i - 1);

  // Deleted keys' places in rte_hash are reused only after every PMD's quiescent state. The
  // data words are values: nothing to free with them.
  rte_hash_rcu_config rcu{};
  rcu.v = qsbr;
  rcu.mode = RTE_HASH_QSBR_MODE_DQ;
  rcu.trigger_reclaim_limit = 64;
  if (rte_hash_rcu_qsbr_add(fdb->hash_, &rcu) != 0) {
    return make_error("fdb {}: cannot attach RCU reclamation to the hash table", name);
  }
  return fdb;
}

Fdb::~Fdb() {
  if (hash_ != nullptr) rte_hash_free(hash_);
  rte_free(activity_);
}

void Fdb::count_dynamic(uint16_t port, bool added) {
  uint32_t ignored = 0;  // ports are slots below kMaxPorts; anything else counts for no port
  uint32_t& of_port = port < kMaxPorts ? port_dynamic_[port] : ignored;
  if (added) {
    ++dynamic_;
    ++of_port;
  } else {
    --dynamic_;
    --of_port;
  }
}

void Fdb::take_slot(uint64_t key, uint16_t port, bool is_static, uint32_t now_s) {
  uint32_t index = free_.back();
  free_.pop_back();
  slots_[index] = Slot{key, now_s, port, is_static ? SlotState::kStatic : SlotState::kDynamic};
  ++live_;
  if (!is_static) count_dynamic(port, true);
}

bool Fdb::port_at_limit(uint16_t port, std::span<const PortLearnPolicy> policies) const {
  if (port >= policies.size() || port >= kMaxPorts) return false;
  uint32_t limit = policies[port].mac_limit;
  return limit != 0 && port_dynamic_[port] >= limit;
}

LearnOutcome Fdb::relearn(uint32_t index, uint16_t port, uint32_t now_s,
                          std::span<const PortLearnPolicy> policies) {
  Slot& slot = slots_[index];
  if (slot.state == SlotState::kStatic) return LearnOutcome::kStatic;
  if (slot.port == port) {
    slot.seen_s = now_s;
    return LearnOutcome::kRefreshed;
  }
  // A move. A refused one leaves the entry as it was, its age included: frames seen on
  // another port are not the owner's activity, so a silent owner's entry still ages out.
  if (slot.port < policies.size() && policies[slot.port].mac_lock) return LearnOutcome::kLocked;
  if (port_at_limit(port, policies)) return LearnOutcome::kLimitReached;
  slot.seen_s = now_s;
  // One atomic store of the word in rte_hash.
  if (rte_hash_add_key_data(hash_, &slot.key, FdbWord::make(port, false, index)) != 0) {
    return LearnOutcome::kRefreshed;
  }
  count_dynamic(slot.port, false);
  count_dynamic(port, true);
  slot.port = port;
  return LearnOutcome::kMoved;
}

LearnOutcome Fdb::learn(uint64_t key, uint16_t port, uint32_t now_s,
                        std::span<const PortLearnPolicy> policies) {
  void* data = nullptr;
  if (rte_hash_lookup_data(hash_, &key, &data) >= 0) {
    return relearn(FdbWord::slot(data), port, now_s, policies);
  }
  bool bridge_at_limit = mac_limit_ != 0 && dynamic_ >= mac_limit_;
  if (bridge_at_limit || port_at_limit(port, policies)) return LearnOutcome::kLimitReached;
  if (free_.empty()) return LearnOutcome::kTableFull;
  if (rte_hash_add_key_data(hash_, &key, FdbWord::make(port, false, free_.back())) != 0) {
    return LearnOutcome::kTableFull;
  }
  take_slot(key, port, false, now_s);
  return LearnOutcome::kLearned;
}

Status Fdb::add_static(uint64_t key, uint16_t port, uint32_t now_s) {
  void* data = nullptr;
  if (rte_hash_lookup_data(hash_, &key, &data) >= 0) {
    // The word is replaced atomically: readers see the old entry or the static one.
    uint32_t index = FdbWord::slot(data);
    if (rte_hash_add_key_data(hash_, &key, FdbWord::make(port, true, index)) != 0) {
      return make_error("MAC table: cannot update the entry");
    }
    // A learned entry made static no longer counts against a limit.
    if (slots_[index].state == SlotState::kDynamic) count_dynamic(slots_[index].port, false);
    slots_[index] = Slot{key, now_s, port, SlotState::kStatic};
    return {};
  }
  if (free_.empty() ||
      rte_hash_add_key_data(hash_, &key, FdbWord::make(port, true, free_.back())) != 0) {
    return make_error("MAC table full ({} entries): raise the bridge's mac_table_size or flush",
                      capacity_);
  }
  take_slot(key, port, true, now_s);
  return {};
}

void Fdb::erase(uint32_t index) {
  rte_hash_del_key(hash_, &slots_[index].key);
  if (slots_[index].state == SlotState::kDynamic) count_dynamic(slots_[index].port, false);
  slots_[index].state = SlotState::kFree;
  free_.push_back(index);
  --live_;
}

bool Fdb::remove(uint64_t key) {
  void* data = nullptr;
  if (rte_hash_lookup_data(hash_, &key, &data) < 0) return false;
  erase(FdbWord::slot(data));
  return true;
}

size_t Fdb::remove_if(const std::function<bool(const FdbEntry&)>& match) {
  size_t removed = 0;
  for (uint32_t index = 0; index < capacity_; ++index) {
    if (slots_[index].state != SlotState::kFree && match(entry_of(slots_[index]))) {
      erase(index);
      ++removed;
    }
  }
  return removed;
}

void Fdb::collect_range(uint32_t begin, uint32_t end, uint32_t now_s) {
  // Whole bitmap words: a word is cleared at once (callers slice on word boundaries).
  for (uint32_t w = begin / 64; w < (end + 63) / 64; ++w) {
    std::atomic_ref<uint64_t> word(activity_[w]);
    if (word.load(std::memory_order_relaxed) == 0) continue;
    uint64_t marks = word.exchange(0, std::memory_order_relaxed);
    for (; marks != 0; marks &= marks - 1) {
      uint32_t index = w * 64 + static_cast<uint32_t>(__builtin_ctzll(marks));
      if (index < capacity_ && slots_[index].state != SlotState::kFree) {
        slots_[index].seen_s = now_s;
      }
    }
  }
}

void Fdb::collect_activity(uint32_t now_s) { collect_range(0, capacity_, now_s); }

size_t Fdb::age_range(uint32_t begin, uint32_t end, uint32_t now_s, uint32_t ageing_s) {
  collect_range(begin, end, now_s);
  size_t removed = 0;
  for (uint32_t index = begin; index < end; ++index) {
    const Slot& slot = slots_[index];
    if (slot.state == SlotState::kDynamic && now_s - slot.seen_s > ageing_s) {
      erase(index);
      ++removed;
    }
  }
  return removed;
}

size_t Fdb::age(uint32_t now_s, uint32_t ageing_s) {
  return age_range(0, capacity_, now_s, ageing_s);
}

size_t Fdb::age_step(uint32_t now_s, uint32_t ageing_s, double fraction) {
  // Slices of whole bitmap words (see collect_range).
  double wanted = std::clamp(fraction, 0.0, 1.0) * static_cast<double>(capacity_);
  uint32_t budget = (static_cast<uint32_t>(wanted) / 64 + 1) * 64;
  uint32_t end = std::min(capacity_, ageing_cursor_ + budget);
  size_t removed = age_range(ageing_cursor_, end, now_s, ageing_s);
  ageing_cursor_ = end == capacity_ ? 0 : end;
  return removed;
}

void Fdb::for_each(const std::function<void(const FdbEntry&)>& visit) const {
  for (const Slot& slot : slots_) {
    if (slot.state != SlotState::kFree) visit(entry_of(slot));
  }
}

}  // namespace nfv::dp
