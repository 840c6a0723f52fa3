// One mbuf pool per NUMA node in use, created on demand and sized once.
#pragma once

#include <rte_mbuf.h>
#include <rte_mempool.h>

#include <map>
#include <string>

#include "nfv/common/result.h"

namespace nfv::dp {

inline constexpr uint16_t kMbufDataRoom = RTE_MBUF_DEFAULT_BUF_SIZE;  // 2048 + headroom
inline constexpr unsigned kMempoolCache = 256;

class Mempools {
 public:
  explicit Mempools(uint32_t mbufs_per_node) : mbufs_per_node_(mbufs_per_node) {}
  ~Mempools();
  Mempools(const Mempools&) = delete;
  Mempools& operator=(const Mempools&) = delete;

  // The pool of `node` (-1: any node, uses node 0's), created the first time it is needed.
  Result<rte_mempool*> for_node(int node);
  uint32_t mbufs_per_node() const { return mbufs_per_node_; }
  const std::map<int, rte_mempool*>& pools() const { return pools_; }

  // Mbufs a node needs: every rx descriptor filled, every tx descriptor and PMD tx buffer
  // in flight, and the per-lcore caches.
  static uint32_t size_for(uint32_t ports, uint32_t queues_per_port, uint32_t rx_descriptors,
                           uint32_t tx_descriptors, uint32_t pmds);

 private:
  uint32_t mbufs_per_node_;
  std::map<int, rte_mempool*> pools_;
};

}  // namespace nfv::dp
