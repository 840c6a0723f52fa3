#include "nfv/api/switch_api.h"

namespace nfv::api {

json api_schema() {
  json out = json::object();
  out["api_version"] = kApiVersion;
  json methods = json::object();
  std::apply(
      [&](const auto&... method) {
        auto one = [&](const auto& m) {
          using M = std::remove_cvref_t<decltype(m)>;
          methods[std::string(m.name)] = json{{"help", m.help},
                                              {"params", schema_of<typename M::Params>()},
                                              {"result", schema_of<typename M::Result>()}};
        };
        (one(method), ...);
      },
      kAllMethods);
  out["methods"] = std::move(methods);
  return out;
}

}  // namespace nfv::api
