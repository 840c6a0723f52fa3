#include "nfv/traffic/options.h"

#include <gtest/gtest.h>

#include <vector>

namespace nfv::traffic {
namespace {

Result<CommandLine> parse(std::vector<const char*> args) {
  args.insert(args.begin(), "nfv-traffic");
  return parse_command_line(static_cast<int>(args.size()), args.data());
}

TEST(PortOption, ParsesEveryKey) {
  auto port =
      parse_port_option("/run/a.sock,mac=02:00:00:00:00:09,queues=4,enable=2,server,ring=1024");
  ASSERT_TRUE(port.ok()) << port.error().message;
  EXPECT_EQ(port->socket, "/run/a.sock");
  EXPECT_EQ(port->mac, (MacAddress{2, 0, 0, 0, 0, 9}));
  EXPECT_EQ(port->queues, 4);
  EXPECT_EQ(port->enable, 2);
  EXPECT_EQ(port->enabled_queues(), 2);
  EXPECT_TRUE(port->server);
  EXPECT_EQ(port->ring_size, 1024);
  EXPECT_EQ(format_port_option(*port),
            "/run/a.sock,mac=02:00:00:00:00:09,queues=4,enable=2,server,ring=1024");

  auto plain = parse_port_option("/run/b.sock");
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(plain->mac.has_value());
  EXPECT_EQ(plain->enabled_queues(), 1);
  EXPECT_FALSE(plain->server);
  EXPECT_EQ(format_port_option(*plain), "/run/b.sock");
}

TEST(PortOption, ErrorsNameThePortAndTheFix) {
  EXPECT_EQ(parse_port_option("/s,queues=2,enable=3").error().message,
            "--port /s: enable=3 is more than queues=2; a guest can only enable queue pairs the "
            "device offers");
  EXPECT_EQ(parse_port_option("/s,colour=red").error().message,
            "--port /s: unknown option 'colour=red' (known: mac=MAC, queues=N, enable=K, server, "
            "ring=D)");
  EXPECT_EQ(parse_port_option("/s,queues=17").error().message,
            "--port /s: queues: 17 is out of range [1, 16]");
  EXPECT_EQ(parse_port_option("/s,ring=1000").error().message,
            "--port /s: ring: 1000 is not a power of two (64, 128, ... 4096)");
  EXPECT_NE(parse_port_option("/s,mac=zz").error().message.find("--port /s: mac:"),
            std::string::npos);
  EXPECT_NE(
      parse_port_option(",mac=02:00:00:00:00:01").error().message.find("socket path comes first"),
      std::string::npos);
}

TEST(CommandLine, ParsesOptionsWithDefaults) {
  auto parsed = parse({"--port", "/a", "--port", "/b,queues=2", "--file-prefix", "p1", "--no-huge",
                       "--lcores", "1,0", "--busy-poll", "--eal-args", "--log-level=8 --in-x",
                       "--log", "/tmp/x.log"});
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  const Options& o = parsed->options;
  ASSERT_EQ(o.ports.size(), 2u);
  EXPECT_EQ(o.ports[1].queues, 2);
  EXPECT_EQ(o.file_prefix, "p1");
  EXPECT_TRUE(o.no_huge);
  EXPECT_EQ(o.memory_mb, 256u);
  EXPECT_EQ(o.lcores, (std::vector<uint32_t>{1, 0}));
  EXPECT_TRUE(o.has_worker_lcore());
  EXPECT_TRUE(o.busy_poll);
  EXPECT_EQ(o.eal_args, (std::vector<std::string>{"--log-level=8", "--in-x"}));
  EXPECT_EQ(o.log_path, "/tmp/x.log");
  EXPECT_EQ(o.idle_sleep_us, 100u);
}

TEST(CommandLine, HelpListsOptionsAndCommands) {
  auto parsed = parse({"--help"});
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->help);
  for (const char* text :
       {"--port", "--file-prefix", "--no-huge", "--memory", "--lcores", "--busy-poll", "--eal-args",
        "--log", "wait_link", "trial", "forward_stop"}) {
    EXPECT_NE(parsed->help_text.find(text), std::string::npos) << text;
  }
}

TEST(CommandLine, RejectsWhatCannotWork) {
  EXPECT_EQ(parse({}).error().message,
            "nfv-traffic: no --port given; pass --port SOCKET_PATH for each vhost-user port of the "
            "switch");
  EXPECT_NE(parse({"--port", "/a", "--lcores", "0,0"}).error().message.find("two different CPUs"),
            std::string::npos);
  EXPECT_NE(parse({"--port", "/a", "--lcores", "0,1,2"}).error().message.find("--lcores '0,1,2'"),
            std::string::npos);
  EXPECT_EQ(parse({"--port", "/a", "--memory", "10"}).error().message,
            "--memory 10: out of range [64, 65536] MB");
  EXPECT_NE(parse({"--port", "/a", "--bogus"}).error().message.find("(see --help)"),
            std::string::npos);
  EXPECT_EQ(parse({"--port", "/a", "--file-prefix", "a/b"}).error().message,
            "--file-prefix 'a/b': must not contain '/'");
}

TEST(CommandLine, DefaultFilePrefixIsPerProcess) {
  auto parsed = parse({"--port", "/a"});
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->options.file_prefix, "nfv-traffic-" + std::to_string(getpid()));
}

TEST(EalArguments, TestsFloatOneLcoreWithoutHugepages) {
  Options o;
  o.file_prefix = "t1";
  o.no_huge = true;
  PortOption a;
  a.socket = "/tmp/a.sock";
  a.mac = MacAddress{2, 0, 0, 0, 0, 1};
  PortOption b;
  b.socket = "/tmp/b.sock";
  b.queues = 4;
  b.server = true;
  b.ring_size = 512;
  o.ports = {a, b};
  o.eal_args = {"--log-level=7"};
  EXPECT_EQ(
      eal_arguments(o, {0, 1}),
      (std::vector<std::string>{
          "nfv-traffic", "--file-prefix", "t1", "--no-pci", "--single-file-segments", "--no-huge",
          "-m", "256", "--lcores", "0@(0-1)", "--vdev",
          "net_virtio_user0,path=/tmp/a.sock,queues=1,mac=02:00:00:00:00:01", "--vdev",
          "net_virtio_user1,path=/tmp/b.sock,queues=4,server=1,queue_size=512", "--log-level=7"}));
}

TEST(EalArguments, BenchmarksPinMainAndDatapathOnHugepages) {
  Options o;
  o.file_prefix = "bench";
  o.memory_mb = 1024;
  o.lcores = {1, 0};
  PortOption a;
  a.socket = "/s";
  o.ports = {a};
  EXPECT_EQ(
      eal_arguments(o, {0, 1}),
      (std::vector<std::string>{"nfv-traffic", "--file-prefix", "bench", "--no-pci",
                                "--single-file-segments", "-m", "1024", "-l", "1,0", "--main-lcore",
                                "1", "--vdev", "net_virtio_user0,path=/s,queues=1"}));
}

}  // namespace
}  // namespace nfv::traffic
