#include "app/lessons/lesson.h"

#include <unistd.h>
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <utility>

#include "engine/algorithm.h"
#include "engine/byte_size.h"

namespace collscope::lessons {

namespace {

using nlohmann::json;

// A field-level error: the message and the key it concerns, so the line
// can be found in the text.
struct LessonError {
  std::string key;
  std::string message;
};

// Error lines quote parts of the file; keep them one printable line.
std::string OneLine(std::string text) {
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return text;
}

int LineOfByte(const std::string& text, std::size_t byte) {
  byte = std::min(byte, text.size());
  return 1 +
         static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(byte), '\n'));
}

int LineOfKey(const std::string& text, const std::string& key) {
  std::size_t at = text.find("\"" + key + "\"");
  return at == std::string::npos ? 1 : LineOfByte(text, at);
}

std::string RequireString(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end()) throw LessonError{key, std::string("missing \"") + key + "\""};
  if (!it->is_string() || it->get<std::string>().empty()) {
    throw LessonError{key, std::string("\"") + key + "\" must be a non-empty string"};
  }
  return it->get<std::string>();
}

std::string OptionalString(const json& object, const char* key, std::string fallback) {
  auto it = object.find(key);
  if (it == object.end()) return fallback;
  if (!it->is_string()) throw LessonError{key, std::string("\"") + key + "\" must be a string"};
  return it->get<std::string>();
}

long long OptionalInteger(const json& object, const char* key, long long fallback, long long min,
                          long long max) {
  auto it = object.find(key);
  if (it == object.end()) return fallback;
  if (!it->is_number_integer() || it->get<long long>() < min || it->get<long long>() > max) {
    throw LessonError{key, std::string("\"") + key + "\" must be a whole number from " +
                               std::to_string(min) + " to " + std::to_string(max)};
  }
  return it->get<long long>();
}

std::vector<std::string> StringList(const json& object, const char* key) {
  std::vector<std::string> list;
  auto it = object.find(key);
  if (it == object.end()) return list;
  // A single string stands for a one-item list.
  if (it->is_string()) return {it->get<std::string>()};
  if (!it->is_array())
    throw LessonError{key, std::string("\"") + key + "\" must be a list of strings"};
  for (const json& item : *it) {
    if (!item.is_string()) throw LessonError{key, std::string("\"") + key + "\" must hold strings"};
    list.push_back(item.get<std::string>());
  }
  return list;
}

std::string Paragraphs(const json& object, const char* key) {
  std::string text;
  for (const std::string& paragraph : StringList(object, key)) {
    text += (text.empty() ? "" : "\n\n") + paragraph;
  }
  return text;
}

}  // namespace

bool HasOneInputBlockPerRank(engine::Collective collective) {
  return collective == engine::Collective::kGather || collective == engine::Collective::kAllGather;
}

std::string NameInputBlocks(std::string_view label, std::string_view name) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  auto alnum = [&](char c) { return digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  std::string out;
  for (std::size_t i = 0; i < label.size(); ++i) {
    // A term "a<rank>" stands alone: not the "a" of "and", not inside a word.
    const bool term = label[i] == 'a' && i + 1 < label.size() && digit(label[i + 1]) &&
                      (i == 0 || !alnum(label[i - 1]));
    if (term) {
      out += name;
    } else {
      out += label[i];
    }
  }
  return out;
}

namespace {

Scene ParseScene(const json& object, const Scene& defaults) {
  if (!object.is_object()) throw LessonError{"scenes", "each scene must be an object"};
  Scene scene = defaults;
  scene.title = OptionalString(object, "title", defaults.title);
  scene.text = object.contains("text") ? Paragraphs(object, "text") : defaults.text;
  if (object.contains("collective")) {
    std::string name = RequireString(object, "collective");
    auto collective = engine::ParseCollective(name);
    if (!collective) throw LessonError{"collective", "unknown collective '" + name + "'"};
    scene.collective = *collective;
    scene.algorithm.clear();
  }
  scene.algorithm = OptionalString(object, "algorithm", scene.algorithm);
  if (scene.algorithm.empty()) scene.algorithm = engine::DefaultAlgorithm(scene.collective);
  const engine::AlgorithmInfo* info = engine::FindAlgorithm(scene.algorithm);
  if (info == nullptr || !engine::Supports(*info, scene.collective)) {
    throw LessonError{"algorithm", "algorithm '" + scene.algorithm + "' does not implement " +
                                       std::string(engine::CollectiveName(scene.collective))};
  }
  scene.ranks = static_cast<int>(OptionalInteger(object, "ranks", scene.ranks, 1, 4096));
  scene.root = static_cast<int>(OptionalInteger(object, "root", scene.root, 0, scene.ranks - 1));
  if (object.contains("bytes")) {
    const json& bytes = object["bytes"];
    std::optional<double> parsed;
    if (bytes.is_number() && bytes.get<double>() >= 0) parsed = bytes.get<double>();
    if (bytes.is_string()) parsed = engine::ParseByteSize(bytes.get<std::string>());
    if (!parsed) throw LessonError{"bytes", "\"bytes\" must be a size like 64M or 1048576"};
    scene.bytes = *parsed;
  }
  scene.preset = OptionalString(object, "preset", scene.preset);
  scene.view = OptionalString(object, "view", scene.view);
  if (scene.view != "ring" && scene.view != "tree" && scene.view != "table") {
    throw LessonError{"view", "\"view\" must be ring, tree or table, got '" + scene.view + "'"};
  }
  scene.first_step =
      static_cast<int>(OptionalInteger(object, "first_step", scene.first_step, 0, 1 << 20));
  scene.last_step =
      static_cast<int>(OptionalInteger(object, "last_step", scene.last_step, -1, 1 << 20));
  scene.input_name = OptionalString(object, "input_name", scene.input_name);
  if (!scene.input_name.empty()) {
    const bool letters = std::all_of(scene.input_name.begin(), scene.input_name.end(),
                                     [](char c) { return c >= 'a' && c <= 'z'; });
    if (!letters || scene.input_name.size() > 3) {
      throw LessonError{"input_name", "\"input_name\" must be 1 to 3 lower-case letters, got '" +
                                          scene.input_name + "'"};
    }
    if (!HasOneInputBlockPerRank(scene.collective)) {
      throw LessonError{"input_name",
                        "\"input_name\" needs gather or all-gather (one block per "
                        "rank), not " +
                            std::string(engine::CollectiveName(scene.collective))};
    }
  }
  if (object.contains("panels")) {
    scene.panels = StringList(object, "panels");
    const auto& names = PanelNames();
    for (const std::string& panel : scene.panels) {
      if (std::find(names.begin(), names.end(), panel) == names.end()) {
        throw LessonError{"panels",
                          "unknown panel '" + panel + "' (lesson, controls, centre, table, cost)"};
      }
    }
  }
  return scene;
}

void ParseInto(const json& doc, Lesson& lesson) {
  if (!doc.is_object()) throw LessonError{"", "a lesson file holds one JSON object"};
  lesson.id = RequireString(doc, "id");
  lesson.title = RequireString(doc, "title");
  lesson.slide = static_cast<int>(OptionalInteger(doc, "slide", 0, 1, 99));
  if (!doc.contains("slide")) throw LessonError{"slide", "missing \"slide\""};
  lesson.kind = OptionalString(doc, "kind", "schedule");
  const auto& kinds = LessonKinds();
  if (std::find(kinds.begin(), kinds.end(), lesson.kind) == kinds.end()) {
    throw LessonError{"kind", "unknown kind '" + lesson.kind + "'"};
  }
  lesson.paragraphs = StringList(doc, "text");
  if (lesson.paragraphs.empty()) throw LessonError{"text", "missing \"text\""};
  lesson.questions = StringList(doc, "questions");
  lesson.notice = StringList(doc, "notice");
  auto predict = doc.find("predict");
  if (predict != doc.end() && !predict->is_boolean()) {
    throw LessonError{"predict", "\"predict\" must be true or false"};
  }
  lesson.predict = predict != doc.end() && predict->get<bool>();
  lesson.beside_figure = StringList(doc, "beside_figure");
  for (const std::string& panel : lesson.beside_figure) {
    if (panel != "table" && panel != "cost") {
      throw LessonError{"beside_figure",
                        "\"beside_figure\" lists table or cost, got '" + panel + "'"};
    }
  }
  Scene defaults;
  if (doc.contains("show")) defaults = ParseScene(doc["show"], defaults);
  if (doc.contains("scenes")) {
    if (!doc["scenes"].is_array() || doc["scenes"].empty()) {
      throw LessonError{"scenes", "\"scenes\" must be a non-empty list"};
    }
    for (const json& scene : doc["scenes"]) lesson.scenes.push_back(ParseScene(scene, defaults));
  } else {
    lesson.scenes.push_back(defaults.algorithm.empty() ? ParseScene(json::object(), defaults)
                                                       : defaults);
  }
  lesson.extras = doc.value("extras", json::object());
}

}  // namespace

const std::vector<std::string>& PanelNames() {
  static const std::vector<std::string> names = {"lesson", "controls", "centre", "table", "cost"};
  return names;
}

const std::vector<std::string>& LessonKinds() {
  static const std::vector<std::string> kinds = {
      "schedule", "code",         "dependency-graph", "training-loop", "overlap", "point-to-point",
      "scaling",  "compositions", "basics",           "nccl",          "delta",
  };
  return kinds;
}

bool ParseLesson(const std::string& text, const std::filesystem::path& file, Lesson& lesson,
                 std::string& error) {
  std::string name = file.string();
  json doc;
  try {
    // Comments are allowed: lesson files are written by people.
    doc = json::parse(text, nullptr, /*allow_exceptions=*/true, /*ignore_comments=*/true);
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    std::size_t colon = what.rfind(": ");
    error = OneLine(name + ":" + std::to_string(LineOfByte(text, e.byte == 0 ? 0 : e.byte - 1)) +
                    ": not valid JSON (" +
                    (colon == std::string::npos ? what : what.substr(colon + 2)) + ")");
    return false;
  } catch (const json::exception& e) {
    // A number too large for a double (1e999) is out_of_range, not a parse error.
    error = OneLine(name + ":1: not valid JSON (" + e.what() + ")");
    return false;
  }
  try {
    Lesson parsed;
    ParseInto(doc, parsed);
    parsed.file = file;
    lesson = std::move(parsed);
    return true;
  } catch (const LessonError& e) {
    // The message may quote the file's own strings ("unknown kind 'a\nb'"):
    // one line whatever they hold.
    error = OneLine(name + ":" + std::to_string(e.key.empty() ? 1 : LineOfKey(text, e.key)) + ": " +
                    e.message);
  } catch (const json::exception& e) {
    error = OneLine(name + ":1: " + e.what());
  }
  return false;
}

namespace {

// Parses files given as (name, text), in name order; a file that fails or
// repeats an id is reported and skipped.
LoadedLessons ParseLessonTexts(std::vector<std::pair<std::filesystem::path, std::string>> files) {
  LoadedLessons loaded;
  std::sort(files.begin(), files.end());
  for (const auto& [file, text] : files) {
    Lesson lesson;
    std::string error;
    if (!ParseLesson(text, file, lesson, error)) {
      loaded.errors.push_back(error);
    } else if (std::any_of(loaded.lessons.begin(), loaded.lessons.end(),
                           [&](const Lesson& l) { return l.id == lesson.id; })) {
      loaded.errors.push_back(file.string() + ":" + std::to_string(LineOfKey(text, "id")) +
                              ": lesson id '" + lesson.id + "' is used by another file too");
    } else {
      loaded.lessons.push_back(std::move(lesson));
    }
  }
  std::stable_sort(loaded.lessons.begin(), loaded.lessons.end(),
                   [](const Lesson& a, const Lesson& b) { return a.slide < b.slide; });
  return loaded;
}

}  // namespace

LoadedLessons LoadLessons(const std::filesystem::path& directory) {
  std::error_code ec;
  std::vector<std::pair<std::filesystem::path, std::string>> files;
  std::vector<std::string> unreadable;
  for (const auto& entry : std::filesystem::directory_iterator(directory, ec)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in && !in.eof()) {
      unreadable.push_back(entry.path().string() + ":1: cannot be read");
    } else {
      files.emplace_back(entry.path(), text.str());
    }
  }
  if (ec) {
    LoadedLessons loaded;
    loaded.errors.push_back(directory.string() + ": cannot read the lessons folder (" +
                            ec.message() + ")");
    return loaded;
  }
  LoadedLessons loaded = ParseLessonTexts(std::move(files));
  loaded.errors.insert(loaded.errors.end(), unreadable.begin(), unreadable.end());
  return loaded;
}

LoadedLessons LoadEmbeddedLessons() {
  std::vector<std::pair<std::filesystem::path, std::string>> files;
  for (const EmbeddedLessonFile& file : EmbeddedLessonFiles()) {
    files.emplace_back(file.name, std::string(file.text));
  }
  return ParseLessonTexts(std::move(files));
}

std::filesystem::path FindLessonsDirectory() {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (const char* env = std::getenv("COLLSCOPE_LESSONS"); env && *env) return env;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  std::vector<fs::path> candidates;
  if (!ec) {
    for (fs::path dir = exe.parent_path(); !dir.empty() && dir != dir.root_path();
         dir = dir.parent_path()) {
      candidates.push_back(dir / "lessons");
      if (candidates.size() > 4) break;
    }
  }
#ifdef COLLSCOPE_SOURCE_DIR
  candidates.push_back(fs::path(COLLSCOPE_SOURCE_DIR) / "lessons");
#endif
  candidates.push_back("/usr/share/collscope/lessons");
  // A folder counts only if it holds lesson files: the build tree has a
  // tests/lessons folder of its own with none.
  auto has_lessons = [&](const fs::path& dir) {
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".json") return true;
    }
    return false;
  };
  for (const fs::path& dir : candidates) {
    if (fs::is_directory(dir, ec) && has_lessons(dir)) return dir;
  }
  return {};
}

}  // namespace collscope::lessons
