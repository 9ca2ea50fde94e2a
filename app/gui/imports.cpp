#include "app/gui/imports.h"

#include <optional>
#include <utility>

namespace collscope::gui {

namespace {

// "first (and 2 more)": the first of several messages, and how many follow.
std::string FirstOf(const std::vector<std::string>& lines) {
  std::string text = lines.front();
  if (lines.size() > 1) text += " (and " + std::to_string(lines.size() - 1) + " more)";
  return text;
}

}  // namespace

void Imports::OpenTraces(std::vector<std::string> paths) {
  if (paths.empty()) return;
  if (!loader_.Start(std::move(paths))) {
    banner_.error = "still opening " + loader_.Progress().label + "; try again when it is done";
  }
}

void Imports::Poll() {
  std::optional<TraceLoadResult> result = loader_.TakeResult();
  if (!result) return;
  if (!result->ok()) {
    banner_.error = result->error;  // what was loaded stays loaded
    return;
  }
  std::string name;
  for (const std::string& path : result->paths) name += (name.empty() ? "" : ", ") + path;
  if (auto error = state_.AdoptTrace(std::move(result->trace), name)) {
    banner_.error = *error;
    return;
  }
  banner_.error.clear();
  banner_.warning.clear();
  if (!result->warnings.empty()) banner_.warning = FirstOf(result->warnings);
}

void Imports::ReloadLessons() {
  const std::size_t before = state_.lessons().size();
  state_.ReloadLessons();
  ShowLessonErrors();
  state_.set_message("lessons reloaded: " + std::to_string(state_.lessons().size()) + " (were " +
                     std::to_string(before) + ")");
}

void Imports::ShowLessonErrors() {
  const std::vector<std::string>& errors = state_.lesson_errors();
  banner_.lesson = errors.empty() ? std::string() : FirstOf(errors);
}

}  // namespace collscope::gui
