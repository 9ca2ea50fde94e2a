#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/lessons/lesson.h"
#include "app/panels/panels.h"
#include "engine/overlap_model.h"
#include "engine/scaling.h"
#include "trace/model.h"

namespace collscope::gui {

// What the lesson figures keep between frames: slider values and results
// computed once per setting instead of every frame.
struct LessonFigureUi {
  // Slide 4: bucket size and link bandwidth sliders, and the model's result.
  float bucket_mb = -1;       // < 0: the lesson's own value
  float bandwidth_gbps = -1;  // < 0: the preset's
  std::string overlap_key;
  engine::OverlapResult overlap;
  // Slide 9: bus bandwidth against GPU count, per algorithm.
  std::string scaling_key;
  std::vector<std::string> scaling_algorithms;
  std::vector<std::vector<engine::ScalingPoint>> scaling;
  // Slide 12: the sample NCCL log, imported once.
  std::string nccl_key;
  std::shared_ptr<const trace::Trace> nccl_log;
  std::string nccl_error;
};

// Lessons whose kind has a figure of its own (the DDP code, the dependency
// graph, the overlap timelines, the one message of point-to-point, the scaling plot, the
// compositions' costs, Delta's nodes) draw it here; the ring and tree views stay available.
bool HasLessonFigure(const lessons::Lesson& lesson);
// docs/gui.md, "Layout for a lecture hall": a figure (code, a plot, a
// topology) is not about the schedule's buffers or its cost, so while it is
// in the centre the table and the cost panel give it their room, unless the
// lesson keeps them (`beside_figure`, where its text points at them).
void HidePanelsBesideFigure(const lessons::Lesson& lesson, PanelVisibility& panels);
void DrawLessonFigure(FrameContext& frame, const lessons::Lesson& lesson, ImVec2 min, ImVec2 max,
                      LessonFigureUi& ui);

// One figure per file, each drawn into [min, max].
void DrawCodeFigure(FrameContext& frame, const lessons::Lesson& lesson, ImVec2 min, ImVec2 max);
void DrawDependencyGraphFigure(FrameContext& frame, const lessons::Lesson& lesson, ImVec2 min,
                               ImVec2 max);
void DrawOverlapFigure(FrameContext& frame, const lessons::Lesson& lesson, ImVec2 min, ImVec2 max,
                       LessonFigureUi& ui);
void DrawScalingFigure(FrameContext& frame, const lessons::Lesson& lesson, ImVec2 min, ImVec2 max,
                       LessonFigureUi& ui);
void DrawPointToPointFigure(FrameContext& frame, const lessons::Lesson& lesson, ImVec2 min,
                            ImVec2 max);
void DrawCompositionsFigure(FrameContext& frame, const lessons::Lesson& lesson, ImVec2 min,
                            ImVec2 max);
void DrawDeltaFigure(FrameContext& frame, const lessons::Lesson& lesson, ImVec2 min, ImVec2 max);
void DrawNcclFigure(FrameContext& frame, const lessons::Lesson& lesson, ImVec2 min, ImVec2 max,
                    LessonFigureUi& ui);

}  // namespace collscope::gui
