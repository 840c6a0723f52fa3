// The metadata element: what domain_xml() and virDomainSetMetadata write comes back out of
// what libvirt returns; anything else (hostile, truncated, foreign) is an error naming it.
#include "nfv/guests/domain_metadata.h"

#include <gtest/gtest.h>

#include <string>

#include "nfv/guests/domain_spec.h"

namespace nfv::guests {
namespace {

const std::string kJson = R"({"name":"vm<1>","note":"a & b","quote":"'\"","end":"</desired>"})";

std::string declared(const std::string& inner) {
  return "<nfv:guest xmlns:nfv=\"" + std::string(kMetadataNamespace) + "\">" + inner +
         "</nfv:guest>";
}

void expect_error_mentions(const Result<std::string>& result, const std::string& words) {
  ASSERT_FALSE(result.ok()) << "accepted: " << result.value();
  EXPECT_NE(result.error().message.find(words), std::string::npos) << result.error().message;
}

TEST(DomainMetadata, ElementRoundTrips) {
  auto json = desired_json_from_metadata(metadata_element(kJson));
  ASSERT_TRUE(json.ok()) << json.error().message;
  EXPECT_EQ(*json, kJson);
}

TEST(DomainMetadata, NamespacedElementRoundTrips) {
  std::string element = namespaced_metadata_element(kJson);
  EXPECT_EQ(element.rfind("<nfv:guest xmlns:nfv='" + std::string(kMetadataNamespace) + "'>", 0),
            0u);
  auto json = desired_json_from_metadata(element);
  ASSERT_TRUE(json.ok()) << json.error().message;
  EXPECT_EQ(*json, kJson);
}

TEST(DomainMetadata, ReadsWhatLibvirtReturns) {
  // virDomainSetMetadata puts only the root in the namespace; domain_xml() prefixes both.
  auto root_only = desired_json_from_metadata(declared("<desired>{\"a\":1}</desired>"));
  ASSERT_TRUE(root_only.ok()) << root_only.error().message;
  EXPECT_EQ(*root_only, "{\"a\":1}");
  auto prefixed = desired_json_from_metadata(
      "<?xml version=\"1.0\"?>\n" + declared("\n  <nfv:desired>{\"a\":&quot;&lt;&amp;&gt;&quot;}"
                                             "</nfv:desired>\n  <!-- kept by libvirt -->\n"));
  ASSERT_TRUE(prefixed.ok()) << prefixed.error().message;
  EXPECT_EQ(*prefixed, "{\"a\":\"<&>\"}");
  auto cdata =
      desired_json_from_metadata(declared("<desired><![CDATA[{\"b\":\"<x>\"}]]></desired>"));
  ASSERT_TRUE(cdata.ok()) << cdata.error().message;
  EXPECT_EQ(*cdata, "{\"b\":\"<x>\"}");
}

TEST(DomainMetadata, ReadsWhatLibvirt9ReturnedForADefinedDomain) {
  // virsh metadata (virDomainGetMetadata) of a domain defined from the hostile golden file:
  // libvirt re-indents the element and drops its namespace.
  std::string returned =
      "<guest>\n  <desired>{\"name\":\"evil&lt;'\\\"&amp;&gt;name\",\"note\":"
      "\"&lt;/nfv:desired&gt;&lt;/nfv:guest&gt;\"}</desired>\n</guest>\n";
  auto json = desired_json_from_metadata(returned);
  ASSERT_TRUE(json.ok()) << json.error().message;
  EXPECT_EQ(*json, R"({"name":"evil<'\"&>name","note":"</nfv:desired></nfv:guest>"})");
}

TEST(DomainMetadata, RefusesGarbageAndTruncatedText) {
  expect_error_mentions(desired_json_from_metadata(""), "not well-formed");
  expect_error_mentions(desired_json_from_metadata("{\"json\":\"not xml\"}"), "not well-formed");
  std::string whole = namespaced_metadata_element(kJson);
  expect_error_mentions(desired_json_from_metadata(whole.substr(0, whole.size() - 5)),
                        "not well-formed");
  expect_error_mentions(desired_json_from_metadata(std::string("<guest>\0</guest>", 16)),
                        "not well-formed");
}

TEST(DomainMetadata, RefusesEntityDeclarations) {
  std::string laughs =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE guest [\n<!ENTITY a \"aaaaaaaaaa\">\n"
      "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
      "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
      "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
      "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
      "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
      "<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n"
      "<!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">\n"
      "<!ENTITY i \"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">\n]>\n"
      "<guest><desired>&i;</desired></guest>";
  expect_error_mentions(desired_json_from_metadata(laughs), "<!DOCTYPE>");
  std::string external =
      "<!DOCTYPE guest SYSTEM \"http://example.invalid/guest.dtd\">"
      "<guest><desired>{}</desired></guest>";
  expect_error_mentions(desired_json_from_metadata(external), "<!DOCTYPE>");
  expect_error_mentions(desired_json_from_metadata("<guest><desired>&xxe;</desired></guest>"),
                        "not well-formed");
}

TEST(DomainMetadata, RefusesElementsThatAreNotTheAppliances) {
  expect_error_mentions(desired_json_from_metadata("<vm><desired>{}</desired></vm>"), "<vm>");
  expect_error_mentions(
      desired_json_from_metadata(
          "<x:guest xmlns:x=\"https://other.example/ns\"><x:desired>{}</x:desired></x:guest>"),
      "not the appliance's");
  expect_error_mentions(desired_json_from_metadata(declared("")), "0 <desired>");
  expect_error_mentions(desired_json_from_metadata(declared("<desired>{}</desired><desired>{}"
                                                            "</desired>")),
                        "2 <desired>");
  expect_error_mentions(desired_json_from_metadata(declared("<desired></desired>")), "empty");
  expect_error_mentions(desired_json_from_metadata(declared("<desired><a/></desired>")),
                        "markup where text was expected");
}

TEST(DomainMetadata, RefusesHugeInput) {
  std::string huge = metadata_element("\"" + std::string(2u << 20, 'x') + "\"");
  expect_error_mentions(desired_json_from_metadata(huge), "more than the");
  std::string fits = metadata_element("\"" + std::string(512u << 10, 'x') + "\"");
  EXPECT_TRUE(desired_json_from_metadata(fits).ok());
}

}  // namespace
}  // namespace nfv::guests
