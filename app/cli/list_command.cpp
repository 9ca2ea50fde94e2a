// collscope list: what the engine knows — collectives, algorithms and which
// collectives each implements, cost presets — and the lessons.
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "app/cli/json_writer.h"
#include "engine/algorithm.h"
#include "engine/cost_model.h"
#ifdef COLLSCOPE_HAVE_LESSONS
#include "app/lessons/lesson.h"
#endif

namespace collscope::cli {

namespace {

constexpr std::string_view kUsage = R"(usage: collscope list [--json]

Lists the collectives, the algorithms with the collectives each implements,
the cost presets with their numbers and sources, and the lessons.
)";

// What `list` shows of a lesson.
struct ListedLesson {
  std::string id;
  std::string title;
  int slide = 0;
  std::string kind;
};
struct ListedLessons {
  std::filesystem::path folder;
  std::vector<ListedLesson> lessons;
  std::vector<std::string> errors;
};

ListedLessons FindLessons() {
  ListedLessons listed;
#ifdef COLLSCOPE_HAVE_LESSONS
  listed.folder = lessons::FindLessonsDirectory();
  lessons::LoadedLessons loaded;
  if (listed.folder.empty()) {
    // The same lessons the GUI falls back on: the copies compiled in.
    loaded = lessons::LoadEmbeddedLessons();
    listed.folder = "built in; no lessons folder found, set COLLSCOPE_LESSONS";
  } else {
    loaded = lessons::LoadLessons(listed.folder);
  }
  for (const auto& lesson : loaded.lessons) {
    listed.lessons.push_back({lesson.id, lesson.title, lesson.slide, lesson.kind});
  }
  listed.errors = std::move(loaded.errors);
#else
  // A build without nlohmann_json (app/CMakeLists.txt) reads no lesson files.
  listed.folder = "not in this build";
  listed.errors.push_back("lessons need nlohmann_json, not found when collscope was configured");
#endif
  return listed;
}

int RunList(const std::vector<std::string>& argv) {
  Args::Spec spec;
  spec.switch_flags.push_back({"--json"});
  Args args = Args::Parse("list", argv, spec);
  const ListedLessons loaded = FindLessons();
  const std::filesystem::path& folder = loaded.folder;
  if (args.Has("--json")) {
    JsonWriter json(std::cout);
    json.BeginObject().Key("collectives").BeginArray();
    for (auto c : engine::AllCollectives()) json.String(engine::CollectiveName(c));
    json.EndArray().Key("algorithms").BeginArray();
    for (const auto& a : engine::Algorithms()) {
      json.BeginObject().Member("name", a.name).Key("collectives").BeginArray();
      for (auto c : a.collectives) json.String(engine::CollectiveName(c));
      json.EndArray()
          .Member("needs_power_of_two", a.needs_power_of_two)
          .Member("description", a.description)
          .EndObject();
    }
    json.EndArray().Key("defaults").BeginObject();
    for (auto c : engine::AllCollectives()) {
      json.Member(engine::CollectiveName(c), engine::DefaultAlgorithm(c));
    }
    json.EndObject().Key("presets").BeginArray();
    for (const auto& p : engine::CostPresets()) {
      json.BeginObject()
          .Member("name", p.name)
          .Member("alpha_s", p.model.alpha_s)
          .Member("beta_s_per_byte", p.model.beta_s_per_byte)
          .Member("gamma_s_per_byte", p.model.gamma_s_per_byte)
          .Member("description", p.description)
          .Member("source", p.source)
          .EndObject();
    }
    json.EndArray().Key("lessons").BeginArray();
    for (const auto& lesson : loaded.lessons) {
      json.BeginObject()
          .Member("id", lesson.id)
          .Member("title", lesson.title)
          .Member("slide", lesson.slide)
          .Member("kind", lesson.kind)
          .EndObject();
    }
    json.EndArray().Key("lesson_errors").BeginArray();
    for (const auto& error : loaded.errors) json.String(error);
    json.EndArray().EndObject();
    std::cout << "\n";
    return kExitOk;
  }
  std::cout << "collectives (default algorithm):\n";
  for (auto c : engine::AllCollectives()) {
    std::cout << "  " << engine::CollectiveName(c) << " (" << engine::DefaultAlgorithm(c) << ")\n";
  }
  std::cout << "\nalgorithms:\n";
  for (const auto& a : engine::Algorithms()) {
    std::cout << "  " << a.name << ":";
    for (auto c : a.collectives) std::cout << " " << engine::CollectiveName(c);
    std::cout << "\n      " << a.description << "\n";
  }
  std::cout << "\ncost presets (alpha s, beta s/byte, gamma s/byte):\n";
  for (const auto& p : engine::CostPresets()) {
    std::cout << "  " << p.name << ": " << p.model.alpha_s << ", " << p.model.beta_s_per_byte
              << ", " << p.model.gamma_s_per_byte << "\n      " << p.description
              << "\n      source: " << p.source << "\n";
  }
  std::cout << "\nlessons (" << folder.string() << "):\n";
  for (const auto& lesson : loaded.lessons) {
    std::cout << "  slide " << lesson.slide << "  " << lesson.id << ": " << lesson.title << "\n";
  }
  for (const auto& error : loaded.errors) std::cout << "  skipped: " << error << "\n";
  return kExitOk;
}

}  // namespace

Command ListCommand() {
  return {"list", "list collectives, algorithms, cost presets and lessons", kUsage, RunList};
}

}  // namespace collscope::cli
