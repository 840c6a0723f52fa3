// KVM or TCG, and why.
#include "nfv/guests/accelerator_choice.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "nfv/common/strings.h"
#include "nfv/guests/accelerator_probe.h"

namespace nfv::guests {
namespace {

// Whether a "flags" line of cpuinfo lists `flag` as a whole word.
bool has_cpu_flag(std::string_view cpuinfo, std::string_view flag) {
  for (const std::string& line : split(cpuinfo, '\n')) {
    if (!starts_with(line, "flags")) continue;
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    for (const std::string& word : split(line.substr(colon + 1), ' ')) {
      if (word == flag) return true;
    }
  }
  return false;
}

std::string kvm_open_error() {
  int fd = ::open("/dev/kvm", O_RDWR | O_CLOEXEC);
  if (fd < 0) return fmt::format("/dev/kvm: {}", std::strerror(errno));
  ::close(fd);
  return "";
}

std::string read_text(const char* path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

AcceleratorChoice accelerator_from_host(std::string_view kvm_error, std::string_view cpuinfo) {
  if (!kvm_error.empty()) {
    return {Accelerator::kTcg, fmt::format("tcg: KVM unusable ({})", kvm_error)};
  }
  if (!has_cpu_flag(cpuinfo, "vmx") && !has_cpu_flag(cpuinfo, "svm")) {
    return {Accelerator::kTcg,
            "tcg: /dev/kvm opens but the CPU shows no vmx or svm flag (/proc/cpuinfo): not "
            "hardware virtualization"};
  }
  return {Accelerator::kKvm, "kvm: /dev/kvm opens read-write and the CPU has vmx or svm"};
}

Result<AcceleratorChoice> choose_accelerator(std::string_view mode,
                                             const std::optional<ProbeGuest>& probe) {
  if (mode == "kvm") return AcceleratorChoice{Accelerator::kKvm, "kvm: as configured"};
  if (mode == "tcg") return AcceleratorChoice{Accelerator::kTcg, "tcg: as configured"};
  if (mode != "auto") {
    return make_error("accelerator '{}': unknown; use auto, kvm or tcg", mode);
  }
  if (probe) {
    ProbeResult result = probe_accelerator(probe->kernel, probe->initrd, probe->timeout);
    std::string prefix = result.accelerator == Accelerator::kKvm ? "kvm: " : "tcg: ";
    return AcceleratorChoice{result.accelerator, prefix + result.reason};
  }
  return accelerator_from_host(kvm_open_error(), read_text("/proc/cpuinfo"));
}

std::string domain_type(Accelerator accelerator) {
  return accelerator == Accelerator::kKvm ? "kvm" : "qemu";
}

}  // namespace nfv::guests
