// Domains through the libvirt C API.
#include "libvirt_domain.h"

#include <libvirt/virterror.h>

#include <thread>

#include "libvirt_connection.h"
#include "nfv/common/file_tail.h"
#include "nfv/common/log.h"
#include "nfv/common/strings.h"
#include "nfv/guests/domain_spec.h"

namespace nfv::guests {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::chrono::milliseconds kPollInterval{100};
constexpr size_t kConsoleLines = 15;

bool last_error_is(int code) {
  virErrorPtr error = virGetLastError();
  return error != nullptr && error->code == code;
}

bool is_running(int state) {
  return state == VIR_DOMAIN_RUNNING || state == VIR_DOMAIN_PAUSED ||
         state == VIR_DOMAIN_SHUTDOWN || state == VIR_DOMAIN_BLOCKED;
}

// Polls the domain's state until `done` holds for it or the deadline passes.
template <typename Done>
Result<DomainState> wait_state(virDomainPtr domain, std::chrono::milliseconds timeout, Done done) {
  auto deadline = Clock::now() + timeout;
  while (true) {
    auto state = domain_state(domain);
    if (!state || done(state->state) || Clock::now() >= deadline) return state;
    std::this_thread::sleep_for(kPollInterval);
  }
}

std::string console_text(const std::string& console_log) {
  std::string tail = file_tail(console_log, kConsoleLines);
  if (tail.empty()) return "";
  tail.pop_back();  // the last line's '\n': the message ends with the console's last line
  return fmt::format("\nlast lines of its console ({}):\n{}", console_log, tail);
}

// Undefines a domain this call defined, after it failed to start.
void roll_back(virDomainPtr domain, const std::string& name) {
  virDomainDestroy(domain);  // fails harmlessly when it is not running
  if (virDomainUndefineFlags(domain, VIR_DOMAIN_UNDEFINE_NVRAM) < 0) {
    log::error("guest {}: failed to start and could not be undefined (virsh undefine {}): {}", name,
               name, libvirt_message());
  }
}

}  // namespace

Result<DomainRef> find_domain(virConnectPtr connection, const std::string& name) {
  DomainRef domain(virDomainLookupByName(connection, name.c_str()));
  if (domain || last_error_is(VIR_ERR_NO_DOMAIN)) return domain;
  return make_error("guest {}: cannot look up the libvirt domain: {}", name, libvirt_message());
}

Result<FoundDomain> find_domain_and_owner(virConnectPtr connection, const std::string& name) {
  auto domain = find_domain(connection, name);
  if (!domain) return std::move(domain).error();
  FoundDomain found{std::move(domain).value(), false};
  if (!found.domain) return found;
  auto metadata = appliance_metadata(found.domain.get());
  if (!metadata) return std::move(metadata).error();
  found.owned = metadata->has_value();
  return found;
}

Result<std::optional<std::string>> appliance_metadata(virDomainPtr domain) {
  char* element = virDomainGetMetadata(domain, VIR_DOMAIN_METADATA_ELEMENT, kMetadataNamespace, 0);
  if (element != nullptr) {
    std::string text = element;
    free(element);  // NOLINT: libvirt's allocation
    return std::optional<std::string>(std::move(text));
  }
  if (last_error_is(VIR_ERR_NO_DOMAIN_METADATA)) return std::optional<std::string>();
  return make_error("domain {}: cannot read its metadata: {}", virDomainGetName(domain),
                    libvirt_message());
}

Result<DomainState> domain_state(virDomainPtr domain) {
  DomainState state;
  if (virDomainGetState(domain, &state.state, &state.reason, 0) < 0) {
    return make_error("guest {}: cannot read its state: {}", virDomainGetName(domain),
                      libvirt_message());
  }
  return state;
}

Status define_and_start(virConnectPtr connection, const std::string& name, const std::string& xml,
                        const std::string& console_log, std::chrono::milliseconds running_within) {
  DomainRef domain(virDomainDefineXMLFlags(connection, xml.c_str(), VIR_DOMAIN_DEFINE_VALIDATE));
  if (!domain) {
    return make_error("guest {}: libvirt rejects its domain XML: {}", name, libvirt_message());
  }
  if (virDomainCreate(domain.get()) < 0) {
    std::string message = libvirt_message();
    roll_back(domain.get(), name);
    return make_error("guest {}: failed to start: {}{}", name, message, console_text(console_log));
  }
  auto state = wait_state(domain.get(), running_within,
                          [](int now) { return now == VIR_DOMAIN_RUNNING || !is_running(now); });
  if (state && state->state == VIR_DOMAIN_RUNNING) return ok_status();
  std::string why = state ? "it stopped right after its start" : state.error().message;
  roll_back(domain.get(), name);
  return make_error("guest {}: not running after its start ({}){}", name, why,
                    console_text(console_log));
}

Status stop_and_undefine(virDomainPtr domain, const std::string& name,
                         std::chrono::milliseconds shutdown_timeout) {
  auto state = domain_state(domain);
  if (!state) return std::move(state).error();
  if (is_running(state->state)) {
    if (virDomainShutdown(domain) < 0) {
      log::warning("guest {}: ACPI shutdown refused ({}); destroying it", name, libvirt_message());
    } else {
      state = wait_state(domain, shutdown_timeout, [](int now) { return !is_running(now); });
      if (!state) return std::move(state).error();
    }
    if (is_running(state->state)) {
      log::warning("guest {}: still running {} ms after the ACPI shutdown request; destroying it",
                   name, shutdown_timeout.count());
      if (virDomainDestroy(domain) < 0) {
        std::string message = libvirt_message();
        auto after = domain_state(domain);  // it may have stopped meanwhile
        if (!after || is_running(after->state)) {
          return make_error("guest {}: cannot destroy it (virsh destroy {}): {}", name, name,
                            message);
        }
      }
    }
  }
  unsigned flags = VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
                   VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA | VIR_DOMAIN_UNDEFINE_NVRAM;
  if (virDomainUndefineFlags(domain, flags) < 0 && !last_error_is(VIR_ERR_NO_DOMAIN)) {
    return make_error("guest {}: cannot undefine it (virsh undefine {}): {}", name, name,
                      libvirt_message());
  }
  return ok_status();
}

}  // namespace nfv::guests
