#include "nfv/nfvd/methods.h"

namespace nfv::nfvd {

rpc::ServerIdentity nfvd_identity() { return {"nfvd", NFV_VERSION}; }

void register_nfvd_methods(rpc::Dispatcher& d, Service& service) {
  using namespace api;
  d.add(kNfvdStatus, [&service](const Empty&) -> Result<NfvdStatus> { return service.status(); });
  d.add(kNfvdCheck, [&service](const NfvdConfigParams& p) -> Result<NfvdCheckResult> {
    return service.check(p);
  });
  d.add(kNfvdDiff, [&service](const NfvdConfigParams& p) { return service.diff(p); });
  d.add(kNfvdApply, [&service](const NfvdConfigParams& p) { return service.apply(p); });
  d.add(kNfvdOwner, [&service](const Empty&) -> Result<NfvdOwnership> { return service.owner(); });
  d.add(kNfvdPorts, [&service](const Empty&) { return service.ports(); });
  d.add(kNfvdBridges, [&service](const Empty&) { return service.bridges(); });
  d.add(kNfvdVfs, [&service](const Empty&) { return service.vfs(); });
}

}  // namespace nfv::nfvd
