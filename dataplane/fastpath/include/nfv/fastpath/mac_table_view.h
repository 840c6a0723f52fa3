// What the fast path sees of a bridge's MAC table: the rte_hash it looks MACs up in (in
// bulk), the layout of the data word stored with each MAC, and the activity bitmap it marks
// for ageing. The table's single writer (Fdb, on the FDB service thread) lives on the control
// side; PMDs never add, change or delete a key (see dataplane/include/nfv/dataplane/fdb.h).
#pragma once

#include <rte_hash.h>

#include <atomic>
#include <cstdint>

namespace nfv::dp {

// rte_hash's data word for one MAC: bits 0-15 port, bit 16 static, bits 32-63 slot.
// rte_hash keeps it next to the key, so a lookup that found the MAC has its port without
// touching another cache line.
struct FdbWord {
  static constexpr uint64_t kStaticBit = uint64_t{1} << 16;

  static void* make(uint16_t port, bool is_static, uint32_t slot) {
    uint64_t word = port | (is_static ? kStaticBit : 0) | (uint64_t{slot} << 32);
    return reinterpret_cast<void*>(static_cast<uintptr_t>(word));
  }
  static uint64_t bits(const void* data) {
    return static_cast<uint64_t>(reinterpret_cast<uintptr_t>(data));
  }
  static uint16_t port(const void* data) { return static_cast<uint16_t>(bits(data)); }
  static bool is_static(const void* data) { return (bits(data) & kStaticBit) != 0; }
  static uint32_t slot(const void* data) { return static_cast<uint32_t>(bits(data) >> 32); }
};
static_assert(sizeof(void*) == sizeof(uint64_t));

struct MacTableView {
  const rte_hash* hash = nullptr;
  uint64_t* activity = nullptr;  // 1 bit per slot, set by PMDs, cleared by the writer

  // Marks a looked-up MAC active (any PMD). A bit already set is only read: a busy MAC's
  // cache line is not written on every frame, so it does not bounce between PMDs.
  void mark_active(const void* data) const {
    uint32_t slot = FdbWord::slot(data);
    std::atomic_ref<uint64_t> word(activity[slot >> 6]);
    uint64_t bit = uint64_t{1} << (slot & 63);
    if ((word.load(std::memory_order_relaxed) & bit) == 0) {
      word.fetch_or(bit, std::memory_order_relaxed);
    }
  }
  bool operator==(const MacTableView& other) const = default;
};

}  // namespace nfv::dp
