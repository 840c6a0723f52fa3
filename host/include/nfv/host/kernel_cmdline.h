// The kernel command line (/proc/cmdline) as parameters in order, and what the appliance reads
// from it: the hugepage sizes reserved at boot and the isolcpus list. Pure parsing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nfv/common/result.h"

namespace nfv::host {

struct KernelParam {
  std::string key;
  std::string value;  // empty for a bare flag ("quiet")
};

struct KernelCmdline {
  std::vector<KernelParam> params;  // in order: the kernel applies some (hugepages=) in order

  bool has(std::string_view key) const;
  // The value of the last occurrence (the one the kernel keeps); nullopt when absent.
  std::optional<std::string> value(std::string_view key) const;
};

// Parameters separated by blanks; parsing stops at "--" (what follows is init's).
KernelCmdline parse_kernel_cmdline(std::string_view text);

// "2M", "1G", "2048k", "1073741824": bytes; nullopt for anything else.
std::optional<uint64_t> parse_kernel_size(std::string_view text);

// Page sizes (bytes, ascending) that `hugepages=` reserves at boot with a non-zero count: a
// count applies to the `hugepagesz=` before it, else to the default size
// (`default_hugepagesz=`, else `default_page_size`). The per-node form "0:8,1:8" counts too.
std::vector<uint64_t> boot_hugepage_sizes(const KernelCmdline& cmdline, uint64_t default_page_size);

// The CPUs of `isolcpus=` (its flags, "domain,managed_irq,", skipped); empty when absent.
Result<std::vector<uint32_t>> isolcpus_of(const KernelCmdline& cmdline);

}  // namespace nfv::host
