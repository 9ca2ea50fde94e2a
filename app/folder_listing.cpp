#include "app/folder_listing.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

namespace collscope::gui {

namespace fs = std::filesystem;

namespace {

bool EndsWith(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  return std::equal(
      suffix.begin(), suffix.end(), text.end() - suffix.size(),
      [](char want, char have) { return std::tolower(static_cast<unsigned char>(have)) == want; });
}

}  // namespace

bool IsTraceFileName(std::string_view name) {
  // The extensions `collscope import` meets: collscope and Kineto JSON
  // (gzipped too), NCCL_DEBUG logs, nccl-tests stdout.
  return EndsWith(name, ".json") || EndsWith(name, ".json.gz") || EndsWith(name, ".log") ||
         EndsWith(name, ".txt");
}

FolderListing ListFolder(const std::string& folder, bool all_files) {
  FolderListing listing;
  std::error_code error;
  fs::path path = fs::absolute(folder.empty() ? fs::path(".") : fs::path(folder), error);
  if (error) path = folder;
  path = path.lexically_normal();
  // "/a/b/" and "/a/b" are one folder; keep the root's own slash.
  if (path.has_relative_path() && path.filename().empty()) path = path.parent_path();
  listing.folder = path.string();
  fs::directory_iterator it(path, fs::directory_options::skip_permission_denied, error);
  if (error) {
    listing.error = listing.folder + ": cannot open folder: " + error.message();
    return listing;
  }
  std::vector<FolderEntry> folders;
  std::vector<FolderEntry> files;
  for (const fs::directory_iterator end; it != end;) {
    FolderEntry entry;
    entry.name = it->path().filename().string();
    std::error_code status_error;
    // is_directory follows links, so a link to a folder opens like one.
    entry.folder = it->is_directory(status_error);
    if (entry.folder) {
      folders.push_back(std::move(entry));
    } else if (all_files || IsTraceFileName(entry.name)) {
      const std::uintmax_t size = it->file_size(status_error);
      entry.bytes = status_error ? -1 : static_cast<std::int64_t>(size);
      files.push_back(std::move(entry));
    }
    it.increment(error);
    if (error) {
      listing.error = listing.folder + ": cannot read folder: " + error.message();
      break;
    }
  }
  auto by_name = [](const FolderEntry& a, const FolderEntry& b) { return a.name < b.name; };
  std::sort(folders.begin(), folders.end(), by_name);
  std::sort(files.begin(), files.end(), by_name);
  if (path.has_relative_path()) listing.entries.push_back({"..", true, -1});
  listing.entries.insert(listing.entries.end(), folders.begin(), folders.end());
  listing.entries.insert(listing.entries.end(), files.begin(), files.end());
  return listing;
}

}  // namespace collscope::gui
