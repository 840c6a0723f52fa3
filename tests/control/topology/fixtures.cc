#include "fixtures.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "nfv/config/parse.h"
#include "nfv/topology/hwloc_loader.h"

namespace nfv::topology::testing {

std::string fixture_path(const std::string& file) {
  return std::string(NFV_HWLOC_FIXTURES) + "/" + file;
}

const Topology& fixture(const std::string& file) {
  static std::map<std::string, Topology> loaded;
  auto it = loaded.find(file);
  if (it != loaded.end()) return it->second;
  auto topology = load_topology_from_xml(fixture_path(file));
  if (!topology) {
    ADD_FAILURE() << topology.error().message;
    std::abort();
  }
  topology->source = file;
  return loaded.emplace(file, std::move(*topology)).first->second;
}

std::string example_path(const std::string& file) {
  return std::string(NFV_CONFIG_EXAMPLES) + "/" + file;
}

std::string test_name_for(const std::string& file) {
  std::string name = file.substr(0, file.rfind(".xml"));
  std::replace_if(
      name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); },
      '_');
  return name;
}

namespace {

config::ApplianceConfig parse_or_abort(const std::string& yaml, const std::string& origin) {
  auto config = config::parse_config(yaml, origin);
  if (!config) {
    ADD_FAILURE() << config.error().message;
    std::abort();
  }
  return *config;
}

}  // namespace

config::ApplianceConfig example(const std::string& file) {
  std::ifstream in(example_path(file));
  std::stringstream text;
  text << in.rdbuf();
  return parse_or_abort(text.str(), file);
}

config::ApplianceConfig config_from(const std::string& yaml) {
  return parse_or_abort(yaml, "test.yaml");
}

}  // namespace nfv::topology::testing
