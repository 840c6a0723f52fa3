// The appliance's metadata element of a domain.
#include "nfv/guests/domain_metadata.h"

namespace nfv::guests {

std::string metadata_element(const std::string& desired_json) {
  return "<guest><desired>" + desired_json + "</desired></guest>";
}

Result<std::string> desired_json_from_metadata(const std::string&) {
  return make_error("not yet");
}

}  // namespace nfv::guests
