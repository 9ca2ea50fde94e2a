#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/trace/test_util.h"
#include "trace/exporters/chrome.h"

namespace collscope::trace {
namespace {

using nlohmann::json;

struct Slice {
  double ts = 0;
  double dur = 0;
};

// Checks what the Chrome trace event format and Perfetto's JSON importer
// need, and that every flow binds to a slice; returns the parsed document.
json CheckChromeTrace(const std::string& text, std::size_t* flows_out = nullptr) {
  json doc = json::parse(text);  // throws (fails the test) on invalid JSON
  EXPECT_TRUE(doc.is_object());
  EXPECT_TRUE(doc.contains("traceEvents"));
  const json& events = doc["traceEvents"];
  EXPECT_TRUE(events.is_array());
  std::map<std::pair<std::int64_t, std::int64_t>, std::vector<Slice>> slices;
  std::set<std::int64_t> named_pids;
  std::set<std::pair<std::int64_t, std::int64_t>> named_tids;
  for (const json& e : events) {
    for (const char* field : {"ph", "name", "pid", "tid", "ts"}) {
      EXPECT_TRUE(e.contains(field)) << field << " missing in " << e.dump();
    }
    EXPECT_TRUE(e["ts"].is_number());
    EXPECT_TRUE(e["pid"].is_number_integer());
    EXPECT_TRUE(e["tid"].is_number_integer());
    const std::string ph = e["ph"];
    const auto key = std::make_pair(e["pid"].get<std::int64_t>(), e["tid"].get<std::int64_t>());
    if (ph == "X") {
      EXPECT_TRUE(e.contains("dur") && e["dur"].is_number()) << e.dump();
      EXPECT_GT(e["dur"].get<double>(), 0);
      EXPECT_TRUE(e.contains("cat"));
      slices[key].push_back({e["ts"].get<double>(), e["dur"].get<double>()});
    } else if (ph == "M") {
      EXPECT_TRUE(e.contains("args"));
      const std::string name = e["name"];
      if (name == "process_name") named_pids.insert(key.first);
      if (name == "thread_name") named_tids.insert(key);
      if (name == "process_name" || name == "thread_name") {
        EXPECT_TRUE(e["args"].contains("name"));
      } else {
        EXPECT_TRUE(name == "process_sort_index" || name == "thread_sort_index") << name;
        EXPECT_TRUE(e["args"]["sort_index"].is_number_integer());
      }
    } else {
      EXPECT_TRUE(ph == "s" || ph == "f") << ph;
    }
  }
  // Flows: s and f share id, cat and name; each binds inside a slice of its
  // own pid/tid (s: the enclosing slice; f with bp:"e": the enclosing slice).
  std::map<std::int64_t, std::vector<const json*>> flows;
  for (const json& e : events) {
    const std::string ph = e["ph"];
    if (ph != "s" && ph != "f") continue;
    EXPECT_TRUE(e.contains("id") && e.contains("cat"));
    flows[e["id"].get<std::int64_t>()].push_back(&e);
    if (ph == "f") {
      EXPECT_EQ(e.value("bp", ""), "e");
    }
    const auto key = std::make_pair(e["pid"].get<std::int64_t>(), e["tid"].get<std::int64_t>());
    const double ts = e["ts"];
    bool bound = false;
    for (const Slice& s : slices[key]) bound = bound || (s.ts < ts && ts < s.ts + s.dur);
    EXPECT_TRUE(bound) << "flow not inside a slice: " << e.dump();
  }
  for (const auto& [id, parts] : flows) {
    EXPECT_EQ(parts.size(), 2u) << "flow " << id;
    if (parts.size() != 2) continue;
    EXPECT_EQ((*parts[0])["ph"], "s");
    EXPECT_EQ((*parts[1])["ph"], "f");
    EXPECT_EQ((*parts[0])["cat"], (*parts[1])["cat"]);
    EXPECT_EQ((*parts[0])["name"], (*parts[1])["name"]);
  }
  for (const auto& [key, list] : slices) {
    EXPECT_TRUE(named_pids.contains(key.first)) << "pid " << key.first << " has no name";
    EXPECT_TRUE(named_tids.contains(key)) << "tid " << key.second << " has no name";
  }
  if (flows_out != nullptr) *flows_out = flows.size();
  return doc;
}

TEST(ChromeExporter, RingTraceHasASlicePerStepAndAFlowPerTransfer) {
  const Trace trace = testing::MakeRingTrace(4, 2, 1 << 20);
  ChromeExportStats stats;
  const std::string text = ChromeTraceJson(trace, &stats);
  std::size_t flows = 0;
  json doc = CheckChromeTrace(text, &flows);
  const std::size_t steps = trace.StepEventCount();
  // A slice per step plus the collective call on each rank per run.
  EXPECT_EQ(stats.slices, steps + 4 * 2);
  EXPECT_EQ(stats.flows, steps);  // every rank sends each step
  EXPECT_EQ(flows, steps);
  EXPECT_EQ(stats.unmatched_sends, 0u);
  // Times in microseconds: the second step of rank 1 starts at its ns / 1000.
  const StepEvent& event = trace.runs[0].steps[5];
  bool found = false;
  for (const json& e : doc["traceEvents"]) {
    if (e["ph"] == "X" && e["cat"] == "step" && e["pid"] == event.rank &&
        e["args"]["step"] == event.step && e["args"]["iteration"] == 0) {
      EXPECT_DOUBLE_EQ(e["ts"].get<double>(), event.t_start_ns / 1000.0);
      EXPECT_DOUBLE_EQ(e["dur"].get<double>(), event.DurationNs() / 1000.0);
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

TEST(ChromeExporter, HandWrittenSampleExportsAndEveryFlowBinds) {
  Result<ImportResult> loaded =
      ImportFiles({testing::DataPath("small_ring_allreduce.json")}, "auto");
  ASSERT_TRUE(loaded.ok()) << loaded.error();
  ChromeExportStats stats;
  CheckChromeTrace(ChromeTraceJson(loaded->trace, &stats));
  EXPECT_EQ(stats.flows, 24u);
}

TEST(ChromeExporter, KinetoRunsBecomeKernelSlicesOnStreamThreads) {
  Result<ImportResult> loaded = ImportFiles(
      {testing::DataPath("kineto_rank0.json"), testing::DataPath("kineto_rank1.json")}, "auto");
  ASSERT_TRUE(loaded.ok()) << loaded.error();
  ChromeExportStats stats;
  json doc = CheckChromeTrace(ChromeTraceJson(loaded->trace, &stats));
  EXPECT_EQ(stats.slices, 6u);
  EXPECT_EQ(stats.flows, 0u);
  bool stream_named = false;
  for (const json& e : doc["traceEvents"]) {
    if (e["ph"] == "M" && e["name"] == "thread_name" && e["args"]["name"] == "stream 7") {
      stream_named = true;
    }
  }
  EXPECT_TRUE(stream_named);
}

TEST(ChromeExporter, SendWithoutReceiveGetsNoArrow) {
  Trace trace = testing::MakeRingTrace(2, 1, 64);
  trace.runs[0].steps.pop_back();  // drop rank 1's last step
  ChromeExportStats stats;
  CheckChromeTrace(ChromeTraceJson(trace, &stats));
  EXPECT_EQ(stats.unmatched_sends, 1u);
}

TEST(ChromeExporter, ExportWritesAtomicallyAndFailsCleanly) {
  const std::string path = testing::TempPath("out.chrome.json");
  ASSERT_TRUE(ExportChrome(testing::MakeRingTrace(3, 1, 3000), path).ok());
  CheckChromeTrace(testing::ReadFile(path));
  const std::string bad = testing::TempPath("no_such_dir") + "/x.json";
  Status status = ExportChrome(testing::MakeRingTrace(3, 1, 3000), bad);
  EXPECT_FALSE(status.ok());
  EXPECT_FALSE(testing::FileExists(bad));
}

}  // namespace
}  // namespace collscope::trace
