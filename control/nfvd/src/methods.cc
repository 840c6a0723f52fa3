#include "nfv/nfvd/methods.h"

namespace nfv::nfvd {
namespace {

// nfvd runs as root: a file named by a client is read by the client (nfvctl sends the text),
// never by nfvd, or a member of the socket group could read any file through the errors.
template <typename Method>
auto with_client_text(Method method) {
  return [method](const api::NfvdConfigParams& p) -> decltype(method(p)) {
    if (p.config_text.empty()) {
      return Error{
          "config_text is required: send the config's YAML (nfvctl reads the file and "
          "sends it); config_path only names it",
          static_cast<int>(api::ErrorCode::kInvalidParams)};
    }
    return method(p);
  };
}

}  // namespace

rpc::ServerIdentity nfvd_identity() { return {"nfvd", NFV_VERSION}; }

void register_nfvd_methods(rpc::Dispatcher& d, Service& service) {
  using namespace api;
  d.add(kNfvdStatus, [&service](const Empty&) -> Result<NfvdStatus> { return service.status(); });
  d.add(kNfvdCheck,
        with_client_text([&service](const NfvdConfigParams& p) -> Result<NfvdCheckResult> {
          return service.check(p);
        }));
  d.add(kNfvdDiff,
        with_client_text([&service](const NfvdConfigParams& p) -> Result<NfvdPlanResult> {
          return service.diff(p);
        }));
  d.add(kNfvdApply,
        with_client_text([&service](const NfvdConfigParams& p) -> Result<NfvdApplyResult> {
          return service.apply(p);
        }));
  d.add(kNfvdOwner, [&service](const Empty&) -> Result<NfvdOwnership> { return service.owner(); });
  d.add(kNfvdPorts, [&service](const Empty&) { return service.ports(); });
  d.add(kNfvdBridges, [&service](const Empty&) { return service.bridges(); });
  d.add(kNfvdVfs, [&service](const Empty&) { return service.vfs(); });
  d.add(kNfvdGuests, [&service](const Empty&) { return service.guests(); });
  d.add(kNfvdCommit, [&service](const Empty&) { return service.commit(); });
  d.add(kNfvdRollback, [&service](const Empty&) { return service.rollback(); });
  d.add(kNfvdGenerations, [&service](const Empty&) { return service.generations(); });
  d.add(kNfvdDrift, [&service](const Empty&) -> Result<NfvdDrift> {
    // No periodic check (--drift-interval 0), or none yet: one now, for this caller.
    if (service.drift().checked_at.empty()) return service.check_drift();
    return service.drift();
  });
}

}  // namespace nfv::nfvd
