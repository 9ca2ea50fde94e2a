#pragma once

#include <string>

#include "app/layout.h"
#include "app/panels/panels.h"
#include "app/trace_loader.h"

namespace collscope::gui {

// The import in progress and the last import's error, above the panels.
struct TraceBannerUi {
  std::string error;    // one line: file and position, from the importer
  std::string warning;  // the first importer warning of a trace that loaded
  std::string lesson;   // a lesson file that was skipped: file and line
};

// A strip across the top while a trace is imported (its progress bar) or
// after one failed (the error line, until dismissed or the next success).
// The height is 0 when there is nothing to say.
float TraceBannerHeight(const Fonts& fonts, const TraceLoadProgress& progress,
                        const TraceBannerUi& ui);
void DrawTraceBanner(FrameContext& frame, const Rect& rect, const TraceLoadProgress& progress,
                     TraceBannerUi& ui);

}  // namespace collscope::gui
