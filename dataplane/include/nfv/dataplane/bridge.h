// A learning bridge as the control side keeps it: name, slot and the MAC table the FDB
// service owns for it. make_bridge_spec() validates bridge.add's parameters (pure).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nfv/api/port_limits.h"
#include "nfv/api/switch_api.h"
#include "nfv/common/result.h"

namespace nfv::dp {

class Fdb;

// The largest MAC table a bridge may have (and so the largest MAC limit of a bridge or port).
inline constexpr uint32_t kMaxMacTableSize = api::kMaxMacTableSize;

struct BridgeSpec {
  std::string name;
  uint32_t mac_table_size = 0;  // hard capacity of the table
  uint32_t ageing_s = 0;
  uint32_t mac_limit = 0;  // policy below the capacity: most learned MACs, 0 = no limit
  bool operator==(const BridgeSpec& other) const = default;
};

struct BridgeDefaults {
  uint32_t mac_table_size = 0;
  uint32_t ageing_s = 0;
};

// Errors carry api::ErrorCode::kInvalidParams and name the bridge and the field.
Result<BridgeSpec> make_bridge_spec(const api::BridgeAddParams& params,
                                    const BridgeDefaults& defaults);

class Bridge {
 public:
  Bridge(BridgeSpec spec, uint16_t index, Fdb* fdb)
      : spec_(std::move(spec)), index_(index), fdb_(fdb) {}

  const std::string& name() const { return spec_.name; }
  uint16_t index() const { return index_; }
  const BridgeSpec& spec() const { return spec_; }
  Fdb* fdb() const { return fdb_; }

  api::BridgeInfo info(uint64_t macs, std::vector<std::string> ports) const;

 private:
  BridgeSpec spec_;
  uint16_t index_;
  Fdb* fdb_;  // owned by the FDB service until the bridge is removed
};

}  // namespace nfv::dp
