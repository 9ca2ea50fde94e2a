#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "app/folder_listing.h"
#include "app/panels/panels.h"

namespace collscope::gui {

// File > Open: a folder's trace files (or all files), opened by
// double-click, Enter or the Open button; several with Ctrl+click.
struct FileBrowserUi {
  bool open = false;   // shown (set to true to show it)
  std::string folder;  // "" = the working directory
  bool all_files = false;
  FolderListing listing;
  std::string listed;               // the folder the listing is of ("" = none yet)
  bool listed_all = false;          // and its filter
  std::vector<std::size_t> chosen;  // indices into listing.entries (files)
  int cursor = 0;                   // the keyboard's row
  bool scroll_to_cursor = false;
  char path_text[1024] = "";
};

void DrawFileBrowser(FrameContext& frame, FileBrowserUi& ui);

}  // namespace collscope::gui
