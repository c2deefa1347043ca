#include "discover/discover.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <system_error>
#include <utility>

namespace minutebook::discover {
namespace {

namespace fs = std::filesystem;

// Extensions that are never board papers: listing them would only fill the
// failures table with "unsupported" rows on every run.
bool IsNonPaperExtension(const fs::path& p) {
  static const std::set<std::string> kSkip = {
      ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".svg", ".ico",
      ".zip", ".gz", ".tgz", ".xz", ".bz2", ".7z", ".rar", ".exe", ".dll", ".so", ".o",
      ".db", ".db-wal", ".db-shm", ".sqlite", ".json", ".jsonl", ".csv", ".xml", ".css",
      ".js", ".mp3", ".mp4", ".wav", ".avi", ".mov", ".lock", ".tmp", ".bak", ".swp"};
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return kSkip.contains(ext);
}

struct Walker {
  Listing listing;
  std::set<std::pair<dev_t, ino_t>> folders_seen;  // breaks symlink loops
  std::set<fs::path> files_seen;

  void AddFile(const fs::path& p) {
    if (files_seen.insert(p.lexically_normal()).second) listing.files.push_back({p});
  }

  void WalkFolder(const fs::path& folder) {
    struct stat st {};
    if (::stat(folder.c_str(), &st) != 0) {
      listing.problems.push_back({folder, "cannot open folder"});
      return;
    }
    if (!folders_seen.insert({st.st_dev, st.st_ino}).second) {
      listing.problems.push_back({folder, "folder already walked (symlink loop?), skipped"});
      return;
    }
    std::error_code ec;
    fs::directory_iterator it(folder, ec), end;
    if (ec) {
      listing.problems.push_back({folder, "cannot read folder: " + ec.message()});
      return;
    }
    std::vector<fs::path> entries;
    for (; it != end; it.increment(ec)) {
      if (ec) {
        listing.problems.push_back({folder, "cannot read folder: " + ec.message()});
        break;
      }
      entries.push_back(it->path());
    }
    std::sort(entries.begin(), entries.end());
    for (const auto& e : entries) {
      const std::string name = e.filename().string();
      if (name.empty() || name[0] == '.') continue;
      std::error_code sec;
      const fs::file_status s = fs::status(e, sec);
      if (sec) {
        // Dangling symlink or an entry we may not stat: still a problem worth naming.
        listing.problems.push_back({e, "cannot stat: " + sec.message()});
        continue;
      }
      if (fs::is_directory(s)) {
        WalkFolder(e);
      } else if (fs::is_regular_file(s)) {
        if (IsNonPaperExtension(e)) {
          ++listing.skipped;
        } else {
          AddFile(e);
        }
      }
    }
  }
};

}  // namespace

Listing Walk(const std::vector<fs::path>& roots) {
  Walker w;
  for (const auto& root : roots) {
    std::error_code ec;
    const fs::file_status s = fs::status(root, ec);
    if (ec || !fs::exists(s)) {
      w.listing.problems.push_back({root, "no such file or folder"});
    } else if (fs::is_directory(s)) {
      w.WalkFolder(root);
    } else {
      w.AddFile(root);  // named explicitly: the reader decides from content
    }
  }
  std::sort(w.listing.files.begin(), w.listing.files.end(),
            [](const Source& a, const Source& b) { return a.path < b.path; });
  return std::move(w.listing);
}

}  // namespace minutebook::discover
