// KVM or TCG for the appliance's guests, with the reason said. "kvm" and "tcg" are taken as
// given; "auto" boots the tiny guest under KVM when it is given (accelerator_probe.h), else
// uses KVM only where the host shows hardware virtualization: /dev/kvm opens read-write and
// the CPU has vmx or svm (a /dev/kvm of nested software virtualization accepts a VM that then
// barely runs).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "nfv/common/result.h"
#include "nfv/guests/domain_spec.h"

namespace nfv::guests {

struct AcceleratorChoice {
  Accelerator accelerator = Accelerator::kTcg;
  std::string reason;  // "tcg: the CPU shows no vmx or svm flag (/proc/cpuinfo)"
};

// What the host shows, decided purely: `kvm_error` is "" when /dev/kvm opened read-write,
// else why not; `cpuinfo` is /proc/cpuinfo's text.
AcceleratorChoice accelerator_from_host(std::string_view kvm_error, std::string_view cpuinfo);

// The tiny guest that "auto" boots under KVM to find out whether KVM really runs guests.
struct ProbeGuest {
  std::string kernel;
  std::string initrd;
  std::chrono::seconds timeout{20};
};

// settings' accelerator text ("auto", "kvm", "tcg"). auto: with a probe guest, boots it under
// KVM (probe_accelerator); without, reads /dev/kvm and /proc/cpuinfo.
Result<AcceleratorChoice> choose_accelerator(std::string_view mode,
                                             const std::optional<ProbeGuest>& probe = {});

// libvirt's domain type of an accelerator: "kvm" or "qemu".
std::string domain_type(Accelerator accelerator);

}  // namespace nfv::guests
