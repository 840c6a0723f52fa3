// nfvd.check: a config validated (file:line:column errors), mapped onto the switch's objects,
// and checked against the host (pre-flight findings). Also what nfvctl check runs by itself
// when nfvd does not answer, so both give the same answer.
#pragma once

#include "nfv/api/nfvd_api.h"
#include "nfv/nfvd/host_check.h"

namespace nfv::nfvd {

// Never fails: a config that does not parse is `valid: false` with its errors; a host that
// cannot be read is an error finding naming what could not be read.
api::NfvdCheckResult check_config(const api::NfvdConfigParams& params,
                                  const HostCheckOptions& host);

}  // namespace nfv::nfvd
