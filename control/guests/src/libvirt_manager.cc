// Guests as libvirt domains through the libvirt C API: the manager's calls, on top of the
// connection (libvirt_connection), domain operations (libvirt_domain) and run states
// (runtime_table).
#include "nfv/guests/libvirt_manager.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <mutex>

#include "libvirt_connection.h"
#include "libvirt_domain.h"
#include "nfv/common/log.h"
#include "nfv/guests/accelerator_choice.h"
#include "nfv/guests/domain_metadata.h"
#include "nfv/guests/host_checks.h"
#include "nfv/guests/nccl_topology.h"
#include "runtime_table.h"

namespace nfv::guests {

struct LibvirtGuestManager::Impl {
  LibvirtSettings settings;
  AcceleratorChoice accelerator;
  QemuIdentity qemu;
  std::shared_ptr<RuntimeTable> runtimes = std::make_shared<RuntimeTable>();
  std::unique_ptr<LibvirtConnection> connection;
  std::mutex calls;  // one call at a time on the connection (a reconnection replaces it)

  Result<reconcile::GuestState> guest_of(virDomainPtr domain, const std::string& metadata);
  Status check_host(const DomainSpec& spec);
  Status prepare_console_directory(const std::string& guest);
  void remove_nccl_file(const std::string& guest);
  Status remove_owned(virConnectPtr connection, const std::string& name);
};

namespace {

constexpr std::chrono::milliseconds kRunningWithin{2000};

// Every domain of the connection (running or not); freed with the vector's DomainRefs.
Result<std::vector<DomainRef>> all_domains(virConnectPtr connection) {
  virDomainPtr* domains = nullptr;
  int count = virConnectListAllDomains(connection, &domains, 0);
  if (count < 0) return make_error("libvirt: cannot list the domains: {}", libvirt_message());
  std::vector<DomainRef> refs;
  for (int i = 0; i < count; ++i) refs.emplace_back(domains[i]);
  free(domains);  // NOLINT: libvirt's allocation
  return refs;
}

// The owned domains' states, read afresh (at (re)connection: events may have been missed).
void resync_runtimes(RuntimeTable& table, virConnectPtr connection) {
  auto domains = all_domains(connection);
  if (!domains) {
    log::warning("guests: run states unknown until the next event: {}", domains.error().message);
    return;
  }
  std::map<std::string, GuestRuntime> runtimes;
  for (const DomainRef& domain : *domains) {
    auto metadata = appliance_metadata(domain.get());
    auto state = domain_state(domain.get());
    if (!metadata || !*metadata || !state) continue;
    runtimes[virDomainGetName(domain.get())] = runtime_of_state(state->state, state->reason);
  }
  table.reset(std::move(runtimes));
}

// On the event thread: events of domains that are not the appliance's are ignored.
void follow_event(RuntimeTable& table, virDomainPtr domain, int event, int detail) {
  std::string name = virDomainGetName(domain);
  bool known = table.contains(name);
  if (event == VIR_DOMAIN_EVENT_UNDEFINED) {
    if (known) table.apply_event(name, event, detail);
    return;
  }
  if (!known) {
    auto metadata = appliance_metadata(domain);
    if (!metadata || !*metadata) return;
  }
  table.apply_event(name, event, detail);
}

QemuIdentity qemu_identity_of(virConnectPtr connection, Accelerator accelerator) {
  char* capabilities = virConnectGetCapabilities(connection);
  if (capabilities == nullptr) {
    log::warning("libvirt: no capabilities ({}); taking QEMU as root", libvirt_message());
    return {};
  }
  std::string xml = capabilities;
  free(capabilities);  // NOLINT: libvirt's allocation
  auto identity = qemu_identity_from_capabilities(xml, domain_type(accelerator));
  if (!identity) {
    log::info("libvirt: QEMU runs as root ({})", identity.error().message);
    return {};
  }
  return *identity;
}

}  // namespace

Result<std::unique_ptr<LibvirtGuestManager>> LibvirtGuestManager::connect(
    const LibvirtSettings& settings) {
  auto impl = std::make_unique<Impl>();
  impl->settings = settings;
  std::optional<ProbeGuest> probe;
  if (!settings.probe_kernel.empty() && !settings.probe_initrd.empty()) {
    probe = ProbeGuest{settings.probe_kernel, settings.probe_initrd, settings.probe_timeout};
  }
  std::shared_ptr<RuntimeTable> table = impl->runtimes;
  auto connection = LibvirtConnection::open(
      settings.uri,
      [table](virDomainPtr domain, int event, int detail) {
        follow_event(*table, domain, event, detail);
      },
      [table](virConnectPtr opened) { resync_runtimes(*table, opened); });
  if (!connection) return std::move(connection).error();
  impl->connection = std::move(connection).value();
  auto opened = impl->connection->get();
  if (!opened) return std::move(opened).error();
  // After the connection: a libvirtd that does not answer is said at once, without a probe.
  auto accelerator = choose_accelerator(settings.accelerator, probe);
  if (!accelerator) return std::move(accelerator).error();
  impl->accelerator = *accelerator;
  impl->qemu = qemu_identity_of(*opened, impl->accelerator.accelerator);
  log::info("guests: libvirt at {}, QEMU as uid {} gid {}; {}", settings.uri, impl->qemu.uid,
            impl->qemu.gid, impl->accelerator.reason);
  return std::unique_ptr<LibvirtGuestManager>(new LibvirtGuestManager(std::move(impl)));
}

LibvirtGuestManager::LibvirtGuestManager(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LibvirtGuestManager::~LibvirtGuestManager() = default;

Result<reconcile::GuestState> LibvirtGuestManager::Impl::guest_of(virDomainPtr domain,
                                                                  const std::string& metadata) {
  std::string name = virDomainGetName(domain);
  auto json = desired_json_from_metadata(metadata);
  if (!json) return make_error("guest {}: {}", name, json.error().message);
  auto guest = guest_state_from_json(*json);
  if (!guest) return make_error("guest {}: {}", name, guest.error().message);
  guest->name = name;  // the domain's name is the guest's, whatever the metadata says
  return guest;
}

Result<reconcile::GuestStates> LibvirtGuestManager::list() {
  std::lock_guard lock(impl_->calls);
  auto connection = impl_->connection->get();
  if (!connection) return std::move(connection).error();
  auto domains = all_domains(*connection);
  if (!domains) return std::move(domains).error();
  reconcile::GuestStates guests;
  for (const DomainRef& domain : *domains) {
    auto metadata = appliance_metadata(domain.get());
    if (!metadata) return std::move(metadata).error();
    if (!*metadata) continue;  // not the appliance's
    auto guest = impl_->guest_of(domain.get(), **metadata);
    std::string name = virDomainGetName(domain.get());
    if (!guest) {
      // Listed by name only: reconcile then sees a difference and recreates (or removes) it.
      log::warning("{}; listed by name only", guest.error().message);
      reconcile::GuestState by_name;
      by_name.name = name;
      guest = std::move(by_name);
    }
    guests[name] = std::move(guest).value();
  }
  return guests;
}

Status LibvirtGuestManager::Impl::check_host(const DomainSpec& spec) {
  NFV_TRY(check_free_hugepages(spec, settings.sysfs_root));
  NFV_TRY(check_paired_vfs(spec, settings.sysfs_root));
  NFV_TRY(check_socket_directories(spec, qemu));
  return prepare_console_directory(spec.name);
}

// QEMU creates the console socket there: a directory made here is given to QEMU's user; one
// that exists must already let it write.
Status LibvirtGuestManager::Impl::prepare_console_directory(const std::string& guest) {
  const std::string& dir = settings.console_dir;
  if (dir.empty()) return ok_status();
  std::error_code error;
  bool created = std::filesystem::create_directories(dir, error);
  struct stat info {};
  if (error || ::stat(dir.c_str(), &info) != 0) {
    return make_error("guest {}: cannot create the console directory {}: {}", guest, dir,
                      error ? error.message() : std::strerror(errno));
  }
  if (qemu_can_create_in({info.st_uid, info.st_gid, info.st_mode}, qemu)) return ok_status();
  if (created && ::chown(dir.c_str(), qemu.uid, qemu.gid) == 0) return ok_status();
  return make_error(
      "guest {}: QEMU (uid {}, gid {}) cannot write the console directory {}; "
      "fix: chown {}:{} {}",
      guest, qemu.uid, qemu.gid, dir, qemu.uid, qemu.gid, dir);
}

Status LibvirtGuestManager::create(const reconcile::GuestState& guest) {
  std::lock_guard lock(impl_->calls);
  auto connection = impl_->connection->get();
  if (!connection) return std::move(connection).error();
  auto existing = find_domain_and_owner(*connection, guest.name);
  if (!existing) return std::move(existing).error();
  if (existing->domain && !existing->owned) {
    return make_error(
        "guest {}: a libvirt domain named {} exists and is not the appliance's; rename the "
        "guest or remove that domain (virsh undefine {})",
        guest.name, guest.name, guest.name);
  }
  if (existing->domain) {
    log::info("guest {}: an earlier domain of the appliance has this name; replacing it",
              guest.name);
    NFV_TRY(
        stop_and_undefine(existing->domain.get(), guest.name, impl_->settings.shutdown_timeout));
  }
  DomainSpec spec =
      domain_spec_of(guest, {impl_->accelerator.accelerator, impl_->settings.console_dir});
  NFV_TRY(check_domain_spec(spec));
  NFV_TRY(impl_->check_host(spec));
  if (spec.nccl_topology_file.empty()) impl_->remove_nccl_file(guest.name);  // an earlier one
  NFV_TRY(write_nccl_topology(spec, impl_->settings.sysfs_root));
  Status started =
      define_and_start(*connection, guest.name, domain_xml(spec), spec.console_log, kRunningWithin);
  if (!started) {
    impl_->remove_nccl_file(guest.name);
    return started;
  }
  log::info("guest {}: defined and started ({})", guest.name,
            domain_type(impl_->accelerator.accelerator));
  return ok_status();
}

void LibvirtGuestManager::Impl::remove_nccl_file(const std::string& guest) {
  if (settings.console_dir.empty()) return;
  std::error_code ignored;  // only AI guests have one
  std::filesystem::remove(settings.console_dir + "/" + guest + ".nccl-topo.xml", ignored);
}

Status LibvirtGuestManager::Impl::remove_owned(virConnectPtr connection, const std::string& name) {
  auto found = find_domain_and_owner(connection, name);
  if (!found) return std::move(found).error();
  if (!found->domain) {  // already gone
    remove_nccl_file(name);
    return ok_status();
  }
  if (!found->owned) {
    return make_error(
        "guest {}: the libvirt domain {} is not the appliance's; left untouched "
        "(remove it yourself if it should go: virsh undefine {})",
        name, name, name);
  }
  NFV_TRY(stop_and_undefine(found->domain.get(), name, settings.shutdown_timeout));
  remove_nccl_file(name);
  log::info("guest {}: stopped and undefined", name);
  return ok_status();
}

Status LibvirtGuestManager::remove(const std::string& name) {
  std::lock_guard lock(impl_->calls);
  auto connection = impl_->connection->get();
  if (!connection) return std::move(connection).error();
  return impl_->remove_owned(*connection, name);
}

Status LibvirtGuestManager::change(const reconcile::GuestState& from,
                                   const reconcile::GuestState& to) {
  log::info("guest {}: restarting it to change {}", to.name,
            reconcile::describe_guest_change(to, from));
  NFV_TRY(remove(from.name));
  return create(to);
}

std::map<std::string, GuestRuntime> LibvirtGuestManager::runtimes() {
  return impl_->runtimes->snapshot();
}

void LibvirtGuestManager::on_change(
    std::function<void(const std::string&, const GuestRuntime&)> callback) {
  impl_->runtimes->set_callback(std::move(callback));
}

Accelerator LibvirtGuestManager::accelerator() const { return impl_->accelerator.accelerator; }
const std::string& LibvirtGuestManager::accelerator_reason() const {
  return impl_->accelerator.reason;
}
QemuIdentity LibvirtGuestManager::qemu_identity() const { return impl_->qemu; }
std::optional<QemuIdentity> LibvirtGuestManager::guest_identity() { return impl_->qemu; }
GuestManager::Description LibvirtGuestManager::describe() {
  return {"libvirt " + impl_->settings.uri, accelerator_name(impl_->accelerator.accelerator),
          impl_->accelerator.reason};
}

}  // namespace nfv::guests
