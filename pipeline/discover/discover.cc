#include "discover/discover.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <set>
#include <system_error>
#include <utility>

#include "common/hash.h"

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
  fs::path root;  // the root being walked

  void AddFile(const fs::path& p) {
    if (files_seen.insert(p.lexically_normal()).second) listing.files.push_back({p, root});
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
    w.root = root;
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

Result<Shard> ParseShard(std::string_view text) {
  const auto slash = text.find('/');
  Shard s;
  auto number = [](std::string_view t, int* out) {
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), *out);
    return ec == std::errc() && end == t.data() + t.size() && !t.empty();
  };
  if (slash == std::string_view::npos || !number(text.substr(0, slash), &s.index) ||
      !number(text.substr(slash + 1), &s.count) || s.count < 1 || s.index < 0 || s.index >= s.count) {
    return Fail(ErrorCode::kInvalidArgument,
                "--shard wants K/N with 0 <= K < N (K counts from 0), got '" + std::string(text) + "'");
  }
  return s;
}

std::string ShardKey(const fs::path& path, const fs::path& root) {
  const fs::path p = fs::absolute(path).lexically_normal();
  const fs::path r = fs::absolute(root).lexically_normal();
  fs::path rel = p.lexically_relative(r);
  // A file named explicitly is its own root: its name decides.
  if (rel.empty() || rel == "." || *rel.begin() == "..") rel = p.filename();
  return rel.generic_string();
}

bool InShard(const fs::path& path, const fs::path& root, const Shard& shard) {
  if (shard.count <= 1) return true;
  // The first 16 hex digits of SHA-256: the same on every machine and
  // compiler, unlike std::hash.
  const std::string hex = Sha256Hex(ShardKey(path, root)).substr(0, 16);
  std::uint64_t h = 0;
  std::from_chars(hex.data(), hex.data() + hex.size(), h, 16);
  return static_cast<int>(h % static_cast<std::uint64_t>(shard.count)) == shard.index;
}

}  // namespace minutebook::discover
