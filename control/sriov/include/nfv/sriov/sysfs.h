// The SR-IOV code's sysfs: the host reader (nfv/host/sysfs.h), which it shares with the switch's
// pre-flight and the topology model, plus the writes that create VFs and bind drivers.
#pragma once

#include <string_view>

#include "nfv/common/result.h"
#include "nfv/host/sysfs.h"

namespace nfv::sriov {

class Sysfs : public host::Sysfs {
 public:
  using host::Sysfs::Sysfs;

  // One write(2) of `value`, as `echo -n value > file` does. On failure the Error's code is the
  // errno the kernel returned (EBUSY, EINVAL, ENODEV...), so callers can explain it.
  Status write(std::string_view relative, std::string_view value) const;
};

}  // namespace nfv::sriov
