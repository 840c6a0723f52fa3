// Domains through the libvirt C API: lookup, ownership (the appliance's metadata element),
// state, define + start with roll-back, shutdown with a deadline then destroy, undefine.
// Internal to the libvirt manager; every error names the domain.
#pragma once

#include <libvirt/libvirt.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "nfv/common/result.h"

namespace nfv::guests {

struct DomainFree {
  void operator()(virDomainPtr domain) const { virDomainFree(domain); }
};
using DomainRef = std::unique_ptr<virDomain, DomainFree>;

// The domain of that name; a null ref when there is none.
Result<DomainRef> find_domain(virConnectPtr connection, const std::string& name);

// The domain of that name (null when there is none) and whether it is the appliance's.
struct FoundDomain {
  DomainRef domain;
  bool owned = false;
};
Result<FoundDomain> find_domain_and_owner(virConnectPtr connection, const std::string& name);

// The appliance's metadata element of the domain; nullopt when it is not the appliance's.
Result<std::optional<std::string>> appliance_metadata(virDomainPtr domain);

struct DomainState {
  int state = VIR_DOMAIN_NOSTATE;  // virDomainState
  int reason = 0;
};
Result<DomainState> domain_state(virDomainPtr domain);

// Defines the XML (schema-validated by libvirt) and starts it; waits up to `running_within`
// for the running state. On failure nothing stays defined, and the error carries libvirt's
// message and the tail of `console_log`.
Status define_and_start(virConnectPtr connection, const std::string& name, const std::string& xml,
                        const std::string& console_log, std::chrono::milliseconds running_within);

// ACPI shutdown, waiting up to `shutdown_timeout` for the guest to stop, then destroy; then
// undefine (with its NVRAM, managed save and snapshot metadata).
Status stop_and_undefine(virDomainPtr domain, const std::string& name,
                         std::chrono::milliseconds shutdown_timeout);

}  // namespace nfv::guests
