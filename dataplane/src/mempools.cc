#include "nfv/dataplane/mempools.h"

#include <rte_errno.h>
#include <rte_mbuf.h>

#include <algorithm>

#include "nfv/common/log.h"
#include "nfv/fastpath/limits.h"

namespace nfv::dp {

Mempools::~Mempools() {
  for (auto& [node, pool] : pools_) rte_mempool_free(pool);
}

uint32_t Mempools::size_for(uint32_t ports, uint32_t queues_per_port, uint32_t rx_descriptors,
                            uint32_t tx_descriptors, uint32_t pmds) {
  uint64_t rings = uint64_t{ports} * queues_per_port * (rx_descriptors + tx_descriptors);
  uint64_t buffers = uint64_t{pmds} * kMaxPorts * kTxBufferSize / 4;  // rarely all full
  uint64_t caches = uint64_t{pmds + 2} * kMempoolCache * 3 / 2;
  uint64_t total = std::max<uint64_t>(16383, rings + buffers + caches);
  return static_cast<uint32_t>(std::min<uint64_t>(total, 1u << 22));
}

Result<rte_mempool*> Mempools::for_node(int node) {
  int key = node < 0 ? 0 : node;
  if (auto it = pools_.find(key); it != pools_.end()) return it->second;
  std::string name = "mbufs_node" + std::to_string(key);
  rte_mempool* pool = rte_pktmbuf_pool_create(name.c_str(), mbufs_per_node_, kMempoolCache, 0,
                                              kMbufDataRoom, node < 0 ? SOCKET_ID_ANY : node);
  if (pool == nullptr && node >= 0) {
    // A node without memory of its own (CPU-less or memory-less nodes exist): any node.
    pool = rte_pktmbuf_pool_create(name.c_str(), mbufs_per_node_, kMempoolCache, 0, kMbufDataRoom,
                                   SOCKET_ID_ANY);
    if (pool != nullptr) {
      log::warning("mempool for NUMA node {} allocated on another node: add memory on node {}",
                   node, node);
    }
  }
  if (pool == nullptr) {
    return make_error(
        "cannot create a pool of {} mbufs for NUMA node {}: {}; give nfv-switch "
        "more --memory or fewer --mbufs",
        mbufs_per_node_, key, rte_strerror(rte_errno));
  }
  log::info("mempool {}: {} mbufs of {} bytes", name, mbufs_per_node_, kMbufDataRoom);
  pools_[key] = pool;
  return pool;
}

}  // namespace nfv::dp
