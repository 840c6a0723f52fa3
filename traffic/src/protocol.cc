#include "nfv/traffic/protocol.h"

namespace nfv::traffic::proto {

Result<Request> parse_request_line(std::string_view line) {
  json parsed = json::parse(line, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return make_error("request is not a JSON object: '{}'", line.substr(0, 120));
  }
  auto cmd = parsed.find("cmd");
  if (cmd == parsed.end() || !cmd->is_string()) {
    return make_error("request has no \"cmd\" string, e.g. {{\"cmd\":\"stats\"}}");
  }
  Request request{cmd->get<std::string>(), json::object()};
  for (auto& [key, value] : parsed.items()) {
    if (key != "cmd") request.params[key] = value;
  }
  return request;
}

json make_ok_reply(json result) {
  json reply = json::object();
  reply["ok"] = true;
  for (auto& [key, value] : result.items()) reply[key] = value;
  return reply;
}

json make_error_reply(std::string_view message) {
  json reply = json::object();
  reply["ok"] = false;
  reply["error"] = message;
  return reply;
}

Result<json> parse_reply_line(std::string_view line) {
  json parsed = json::parse(line, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object() || !parsed.contains("ok") ||
      !parsed["ok"].is_boolean()) {
    return make_error("reply is not {{\"ok\":...}}: '{}'", line.substr(0, 200));
  }
  if (!parsed["ok"].get<bool>()) {
    return make_error("{}", parsed.value("error", std::string("(no error text)")));
  }
  parsed.erase("ok");
  return parsed;
}

}  // namespace nfv::traffic::proto
