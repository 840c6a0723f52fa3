// nfvd's method table (api/nfvd_api.h) bound to the service, on the shared JSON-RPC server.
#pragma once

#include "nfv/nfvd/service.h"
#include "nfv/rpc/dispatcher.h"

namespace nfv::nfvd {

rpc::ServerIdentity nfvd_identity();  // {"nfvd", NFV_VERSION}
void register_nfvd_methods(rpc::Dispatcher& dispatcher, Service& service);

}  // namespace nfv::nfvd
