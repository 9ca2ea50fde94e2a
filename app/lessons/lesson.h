#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/collective.h"

namespace collscope::lessons {

// One configuration the views show and the student steps through.
struct Scene {
  std::string title;
  std::string text;
  engine::Collective collective = engine::Collective::kAllReduce;
  std::string algorithm;  // empty: the collective's default
  int ranks = 5;
  int root = 0;
  double bytes = 64e6;
  std::string preset = "delta-a100x4";
  std::string view = "ring";  // ring | tree | table
  int first_step = 0;
  int last_step = -1;  // -1: the schedule's last step
  // The slide's name for a rank's one input block ("t": rank i's block is
  // shown as ti); empty: the engine's (ai). Gather and all-gather only.
  std::string input_name;
  // Panels the scene shows (lesson, controls, centre, table, cost); empty:
  // leave the student's choice alone.
  std::vector<std::string> panels;
};

// Slide 6 names rank i's contribution ti. In gather and all-gather that is
// the rank's one input block, which the engine names ai (block a of rank i);
// a scene's "input_name" shows it by the slide's name.
bool HasOneInputBlockPerRank(engine::Collective collective);
// `label` ("a2", "a0, a1", "a2 and 3 more") with every term of block a
// named `name` and its rank ("t2"). Exact where every term is block a, as in
// the collectives above (engine/buffer_state.cpp: their one block is chunk 0).
std::string NameInputBlocks(std::string_view label, std::string_view name);

// The panel names a scene may list.
const std::vector<std::string>& PanelNames();

// A lesson: one topic of the lecture, its text, what the views show, the
// questions the lecture asks, and a kind that names any special panel
// (code, dependency graph, overlap timeline, scaling plot, ...).
struct Lesson {
  std::string id;
  std::string title;
  int slide = 0;
  std::string kind = "schedule";
  std::vector<std::string> paragraphs;
  std::vector<Scene> scenes;
  std::vector<std::string> questions;
  std::vector<std::string> notice;
  bool predict = false;  // offer "predict which cells change" before each step
  // The schedule's panels (table, cost) that stay beside the lesson's figure
  // (docs/gui.md, "Layout for a lecture hall"): a figure takes their room
  // unless the lesson's text refers to them.
  std::vector<std::string> beside_figure;
  nlohmann::json extras;  // kind-specific data, read by the panel for the kind
  std::filesystem::path file;
};

// The kinds a lesson may have; each is drawn by a panel of its own.
const std::vector<std::string>& LessonKinds();

// Parses one lesson file. On error returns false and sets `error` to one
// line naming the file and the line ("lessons/08-ring.json:12: ...").
bool ParseLesson(const std::string& text, const std::filesystem::path& file, Lesson& lesson,
                 std::string& error);

struct LoadedLessons {
  std::vector<Lesson> lessons;      // ordered by slide, then file name
  std::vector<std::string> errors;  // one line per file that was skipped
};

// Loads every *.json in `directory`; a malformed file is reported and
// skipped, the others still load.
LoadedLessons LoadLessons(const std::filesystem::path& directory);

// The lesson files compiled into the binary (app/lessons/embed_lessons.cmake),
// named "lessons/NAME.json" in error lines.
struct EmbeddedLessonFile {
  const char* name;
  std::string_view text;
};
const std::vector<EmbeddedLessonFile>& EmbeddedLessonFiles();
// The compiled-in lessons, parsed and validated like a folder's files: what
// the GUI opens when no lessons folder is found.
LoadedLessons LoadEmbeddedLessons();

// Where the lessons are: $COLLSCOPE_LESSONS, then lessons/ beside or above
// the executable's folder (the build tree), then the source tree, then
// /usr/share/collscope/lessons. Empty when none exists.
std::filesystem::path FindLessonsDirectory();

inline constexpr const char* kDefaultLessonId = "ring-allreduce";

}  // namespace collscope::lessons
