// KVM or TCG, decided by trying: /dev/kvm existing proves nothing (a software or nested
// hypervisor accepts KVM_CREATE_VM and then crawls), so the tiny guest (scripts/guest-image)
// is booted once under KVM with a deadline; TCG is used when that fails, and the result says
// why.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "nfv/guests/domain_spec.h"

namespace nfv::guests {

// accelerator_name() ("kvm" / "tcg") is domain_spec.h's.

// The console line the tiny guest prints once booted.
inline constexpr std::string_view kGuestUpMarker = "nfv-guest: up";

struct ProbeResult {
  Accelerator accelerator = Accelerator::kTcg;
  std::string reason;       // one sentence: what was tried and what it showed
  double boot_seconds = 0;  // kvm: from QEMU's start to the guest's up line
};

// Boots `kernel` + `initrd` (the tiny guest) with `-accel kvm` and waits up to `timeout` for
// its up line on the serial console (a file of a private temporary directory under $TMPDIR).
// Blocks for at most `timeout` (plus the reaping of QEMU). Leaves no process and no file.
ProbeResult probe_accelerator(const std::string& kernel, const std::string& initrd,
                              std::chrono::seconds timeout,
                              const std::string& qemu_binary = "qemu-system-x86_64");

// The probe's QEMU command line (pure): KVM with the host CPU less arch-capabilities (PVM
// refuses that MSR), 128 MiB, no display, no network, no reboot, the console to a file.
std::vector<std::string> probe_qemu_argv(const std::string& qemu_binary, const std::string& kernel,
                                         const std::string& initrd,
                                         const std::string& console_file);

}  // namespace nfv::guests
