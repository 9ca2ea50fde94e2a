#pragma once

#include "app/panels/buffer_table.h"

namespace collscope::gui {

// Above 64 ranks: the buffer table as a heat map, one texel per block of
// cells (at most one block per pixel); hover for a cell.
void DrawBufferOverview(FrameContext& frame, BufferTableUi& ui);

}  // namespace collscope::gui
