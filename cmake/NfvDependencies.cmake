# Every external dependency is found here, through pkg-config or its CMake package;
# never by hard-coded paths. scripts/setup installs them all.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(fmt REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS program_options)
pkg_check_modules(HWLOC REQUIRED IMPORTED_TARGET hwloc>=2.0)
# cpp-httplib: Debian builds it as a library; its pkg-config flags select the matching ABI.
pkg_check_modules(CPP_HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib>=0.11)
find_package(benchmark REQUIRED)  # Google Benchmark, for perf/
# DPDK: only dataplane/, vhost-user/, perf/ and their tests link it (control/ never does).
pkg_check_modules(DPDK REQUIRED IMPORTED_TARGET libdpdk>=22.11)
if(NFV_BUILD_TESTS)
  find_package(GTest REQUIRED)
  include(GoogleTest)
  # The SR-IOV tests serve their fake sysfs through FUSE.
  pkg_check_modules(FUSE3 REQUIRED IMPORTED_TARGET fuse3>=3.10)
endif()
