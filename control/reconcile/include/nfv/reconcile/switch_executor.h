// The executor over nfv-switch's control socket: each step becomes the calls of wire_calls.h,
// sent through the shared API client.
#pragma once

#include "nfv/api/switch_client.h"
#include "nfv/reconcile/apply.h"
#include "nfv/reconcile/wire_calls.h"

namespace nfv::reconcile {

class SwitchExecutor final : public Executor {
 public:
  explicit SwitchExecutor(api::SwitchClient& client) : client_(client) {}

  // A step of several calls that fails part-way undoes its own first calls before
  // returning the error, so that apply() may treat it as not run.
  Status run(const Step& step) override;
  Status undo(const Step& step) override;

 private:
  Status send(const Step& step, const std::vector<WireCall>& calls, size_t& sent);

  api::SwitchClient& client_;
};

}  // namespace nfv::reconcile
