// Every real file of the corpus beside the repository (COLLSCOPE_REALDATA:
// nccl-tests and rccl-tests output, NCCL_DEBUG logs and PyTorch profiles
// that people ran on real machines), imported as a user would, and checked
// field by field against its EXPECTED.json: counts written from the raw
// text by an independent script, never by collscope. The numbers are read
// from that file, not copied here. A clone without the corpus skips.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "trace/importers/importer.h"
#include "trace/importers/kineto/parser.h"

namespace collscope::trace {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// COLLSCOPE_REALDATA=DIR tries another corpus of the same layout.
fs::path CorpusDir() {
  if (const char* dir = std::getenv("COLLSCOPE_REALDATA"); dir != nullptr && *dir != '\0') {
    return fs::path(dir);
  }
  return fs::path(COLLSCOPE_REALDATA_DIR);
}

json Expected() {
  std::ifstream in(CorpusDir() / "EXPECTED.json");
  if (!in) return json::object();
  return json::parse(in);
}

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  const json expected = Expected();
  for (const auto& [name, value] : expected.items()) names.push_back(name);
  if (names.empty()) names.push_back("none");  // the corpus is not there
  return names;
}

std::vector<std::string> FilesOfCase(const std::string& name) {
  const fs::path path = CorpusDir() / name;
  if (!fs::is_directory(path)) return {path.string()};
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(path)) {
    const std::string file = entry.path().string();
    if (file.find(".json") != std::string::npos) files.push_back(file);
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The transport family, as EXPECTED.json writes it: port numbers removed
// ("NET/IB/4(6)/GDRDMA" -> "NET/IB/GDRDMA").
std::string TransportFamily(const std::string& transport) {
  static const std::regex kPort(R"(/\d+(\(\d+\))?)");
  return std::regex_replace(transport, kPort, "");
}

std::optional<double> ExtraNumber(const Meta& meta, const char* key) {
  const std::string* text = meta.ExtraJson(key);
  if (text == nullptr) return std::nullopt;
  return std::stod(*text);
}

// The log fields of EXPECTED.json against a trace's topology and meta.
void ExpectLog(const json& want, const Trace& trace, const std::string& what) {
  SCOPED_TRACE(what);
  EXPECT_EQ(trace.ranks.size(), want["ranks"].get<std::size_t>()) << "ranks";
  EXPECT_EQ(trace.topology.rings.size(), want["ring_channels"].get<std::size_t>()) << "rings";
  EXPECT_EQ(trace.topology.trees.size(), want["tree_channels"].get<std::size_t>()) << "trees";
  EXPECT_EQ(trace.topology.links.size(), want["links"].get<std::size_t>()) << "links";
  std::set<std::string> families;
  for (const Link& link : trace.topology.links) families.insert(TransportFamily(link.transport));
  std::set<std::string> want_families;
  for (const auto& family : want["transports"]) want_families.insert(family.get<std::string>());
  EXPECT_EQ(families, want_families) << "transports";
  if (!want["version"].is_null()) {
    EXPECT_EQ(trace.meta.nccl_version, want["version"].get<std::string>()) << "version";
  }
  EXPECT_EQ(trace.topology.collnet.size(), want["collnet_lines"].get<std::size_t>()) << "CollNet";
  EXPECT_EQ(trace.tuning_choices.size(), want["tuning_lines"].get<std::size_t>()) << "TUNING";
}

bool HasLogContent(const json& log) {
  return log["ring_channels"].get<int>() > 0 || log["tree_channels"].get<int>() > 0 ||
         log["links"].get<int>() > 0 || log["tuning_lines"].get<int>() > 0 ||
         log["collnet_lines"].get<int>() > 0;
}

void CheckNcclTests(const std::string& path, const json& want) {
  Result<ImportResult> imported = ImportFiles({path}, "auto");
  ASSERT_TRUE(imported.ok()) << imported.error();
  const Trace& trace = imported->trace;
  EXPECT_EQ(trace.meta.source, "nccl-tests");
  EXPECT_EQ(trace.measurements.size(), want["measurements"].get<std::size_t>());
  const json& sections = want["sections"];
  ASSERT_EQ(trace.sections.size(), sections.size());
  std::map<std::string, std::size_t> want_by_collective;
  for (std::size_t i = 0; i < sections.size(); ++i) {
    SCOPED_TRACE("section " + std::to_string(i));
    const json& section = sections[i];
    const TestSection& got = trace.sections[i];
    EXPECT_EQ(got.rows, section["rows"].get<int>());
    EXPECT_EQ(got.ranks, section["ranks"].get<int>());
    if (section["test"].is_null()) {
      EXPECT_EQ(got.test, "");
    } else {
      EXPECT_EQ(got.test, section["test"].get<std::string>());
    }
    if (!section["collective"].is_null()) {
      EXPECT_EQ(got.collective, section["collective"].get<std::string>());
      want_by_collective[section["collective"].get<std::string>()] +=
          2 * section["rows"].get<std::size_t>();
    }
    EXPECT_TRUE(got.complete);
  }
  std::map<std::string, std::size_t> by_collective;
  for (const Measurement& m : trace.measurements) {
    ++by_collective[m.collective];
    ASSERT_GE(m.section, 0);
    ASSERT_LT(m.section, static_cast<int>(trace.sections.size()));
    EXPECT_EQ(m.ranks, trace.sections[static_cast<std::size_t>(m.section)].ranks);
  }
  for (const auto& [collective, count] : want_by_collective) {
    EXPECT_EQ(by_collective[collective], count) << collective;
  }
  const json& log = want["log"];
  if (HasLogContent(log)) {
    Result<ImportResult> as_log = ImportFiles({path}, "nccl-log");
    ASSERT_TRUE(as_log.ok()) << as_log.error();
    ExpectLog(log, as_log->trace, "imported as an NCCL log");
    // The nccl-tests import carries the same topology.
    EXPECT_EQ(trace.topology.rings.size(), as_log->trace.topology.rings.size());
    EXPECT_EQ(trace.topology.trees.size(), as_log->trace.topology.trees.size());
    EXPECT_EQ(trace.topology.links.size(), as_log->trace.topology.links.size());
    EXPECT_EQ(trace.tuning_choices.size(), as_log->trace.tuning_choices.size());
  } else {
    EXPECT_TRUE(trace.topology.Empty());
    EXPECT_TRUE(trace.tuning_choices.empty());
  }
}

void CheckNcclLog(const std::string& path, const json& want) {
  Result<ImportResult> imported = ImportFiles({path}, "nccl-log");
  ASSERT_TRUE(imported.ok()) << imported.error();
  ExpectLog(want, imported->trace, "nccl-log");
}

// The collective an NCCL kernel's name says ("Generic" for RCCL's generic
// kernel, which names none).
std::string KernelCollective(const std::string& kernel) {
  const NcclKernelName parsed = ParseNcclKernelName(kernel);
  if (!parsed.collective.empty()) return parsed.collective;
  if (kernel.find("_Generic") != std::string::npos) return "Generic";
  return "?";
}

void CheckKineto(const std::vector<std::string>& files, const json& want) {
  Result<ImportResult> imported = ImportFiles(files, "auto");
  if (want["kernels"].get<int>() == 0) {
    ASSERT_FALSE(imported.ok()) << "a profile without NCCL kernels must be refused";
    EXPECT_EQ(imported.error().find('\n'), std::string::npos) << imported.error();
    EXPECT_NE(imported.error().find("no NCCL kernels"), std::string::npos) << imported.error();
    return;
  }
  ASSERT_TRUE(imported.ok()) << imported.error();
  const Trace& trace = imported->trace;
  EXPECT_EQ(trace.meta.source, "kineto");
  EXPECT_EQ(trace.runs.size(), want["kernels"].get<std::size_t>());
  std::map<std::string, int> by_kernel;
  std::map<std::string, int> by_collective;
  std::set<int> ranks;
  const int world_size = want["world_size"].is_null() ? 0 : want["world_size"].get<int>();
  for (const Run& run : trace.runs) {
    ++by_kernel[KernelCollective(run.kernel)];
    ++by_collective[run.collective];
    ranks.insert(run.rank);
    EXPECT_GE(run.sequence, 0);
    EXPECT_LE(run.t_start_ns, run.t_end_ns);
    if (world_size > 0) {
      // The communicator size reaches every run, also from a one-rank file.
      EXPECT_GT(run.comm_ranks, 0) << run.kernel;
      EXPECT_LE(run.comm_ranks, world_size) << run.kernel;
    }
  }
  for (const auto& [name, count] : want["by"].items()) {
    EXPECT_EQ(by_kernel[name], count.get<int>()) << "kernels named " << name;
    // The call's own collective, where the kernel's name is one; NCCL runs
    // an all-to-all as SendRecv kernels, so those may be either.
    if (name != "sendrecv" && name != "Generic") {
      EXPECT_EQ(by_collective[name], count.get<int>()) << "calls of " << name;
    }
  }
  std::set<int> want_ranks;
  for (const auto& rank : want["ranks"]) {
    if (!rank.is_null()) want_ranks.insert(rank.get<int>());
  }
  if (!want_ranks.empty()) {
    EXPECT_EQ(ranks, want_ranks);
  }
  if (world_size > 0) {
    EXPECT_EQ(ExtraNumber(trace.meta, "world_size").value_or(0), world_size);
  }
}

class RealFile : public ::testing::TestWithParam<std::string> {};

TEST_P(RealFile, ImportsAsCounted) {
  if (!fs::exists(CorpusDir() / "EXPECTED.json")) {
    GTEST_SKIP() << "no real-file corpus at " << CorpusDir()
                 << " (a clone without the corpus beside it)";
  }
  const std::string name = GetParam();
  const json expected = Expected();
  const json& want = expected.at(name);
  const std::string kind = want["kind"].get<std::string>();
  const std::vector<std::string> files = FilesOfCase(name);
  if (kind == "nccl-tests") {
    CheckNcclTests(files.front(), want);
  } else if (kind == "nccl-log") {
    CheckNcclLog(files.front(), want);
  } else if (kind == "kineto") {
    CheckKineto(files, want);
  } else {
    FAIL() << "unknown kind " << kind;
  }
}

std::string CaseTestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name;
  for (char c : info.param) name.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(RealData, RealFile, ::testing::ValuesIn(CaseNames()), CaseTestName);

}  // namespace
}  // namespace collscope::trace
