// Which figure a lesson kind draws.
#include "app/panels/lesson_figures.h"

#include <algorithm>

namespace collscope::gui {

bool HasLessonFigure(const lessons::Lesson& lesson) {
  const std::string& kind = lesson.kind;
  return kind == "code" || kind == "training-loop" || kind == "dependency-graph" ||
         kind == "overlap" || kind == "point-to-point" || kind == "scaling" ||
         kind == "compositions" || kind == "delta" || kind == "nccl";
}

void HidePanelsBesideFigure(const lessons::Lesson& lesson, PanelVisibility& panels) {
  auto kept = [&](const char* name) {
    return std::find(lesson.beside_figure.begin(), lesson.beside_figure.end(), name) !=
           lesson.beside_figure.end();
  };
  panels.table = panels.table && kept("table");
  panels.cost = panels.cost && kept("cost");
}

void DrawLessonFigure(FrameContext& frame, const lessons::Lesson& lesson, ImVec2 min, ImVec2 max,
                      LessonFigureUi& ui) {
  const std::string& kind = lesson.kind;
  if (kind == "code" || kind == "training-loop") {
    DrawCodeFigure(frame, lesson, min, max);
  } else if (kind == "dependency-graph") {
    DrawDependencyGraphFigure(frame, lesson, min, max);
  } else if (kind == "overlap") {
    DrawOverlapFigure(frame, lesson, min, max, ui);
  } else if (kind == "point-to-point") {
    DrawPointToPointFigure(frame, lesson, min, max);
  } else if (kind == "scaling") {
    DrawScalingFigure(frame, lesson, min, max, ui);
  } else if (kind == "compositions") {
    DrawCompositionsFigure(frame, lesson, min, max);
  } else if (kind == "delta") {
    DrawDeltaFigure(frame, lesson, min, max);
  } else if (kind == "nccl") {
    DrawNcclFigure(frame, lesson, min, max, ui);
  }
}

}  // namespace collscope::gui
