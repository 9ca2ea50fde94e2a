#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace collscope::gui {

// One line of File > Open's list.
struct FolderEntry {
  std::string name;
  bool folder = false;
  std::int64_t bytes = -1;  // -1: a folder, or a size that could not be read
};

// What a folder holds, as File > Open lists it: ".." first (unless at the
// root), then folders, then files, each by name. A folder that cannot be
// read gives its error line and no entries.
struct FolderListing {
  std::string folder;  // absolute, normalised
  std::vector<FolderEntry> entries;
  std::string error;
};

// `all_files` false keeps only what an importer reads: .json, .json.gz,
// .log and .txt (any case).
FolderListing ListFolder(const std::string& folder, bool all_files);
bool IsTraceFileName(std::string_view name);

}  // namespace collscope::gui
