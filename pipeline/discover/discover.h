// Discover stage: walks files and folders, and fingerprints file content.
#ifndef MINUTEBOOK_DISCOVER_DISCOVER_H_
#define MINUTEBOOK_DISCOVER_DISCOVER_H_

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace minutebook::discover {

struct Source {
  std::filesystem::path path;  // as given or found below a given folder
  std::filesystem::path root;  // the root (file or folder) it was found under
};

struct Problem {
  std::filesystem::path path;
  std::string reason;  // one line
};

struct Listing {
  std::vector<Source> files;      // sorted, each path once
  std::vector<Problem> problems;  // unreadable folders, missing paths, loops
  int skipped = 0;                // files in folders whose name says "not a paper"
};

// Paths named explicitly are always listed (their type is decided from the
// content later). Inside folders, hidden entries are skipped, and so are files
// whose extension marks them as something other than a paper (images, office
// lock files, ...); files with a paper extension or none are listed.
// Folder symlinks are followed once: a loop is reported, never walked twice.
Listing Walk(const std::vector<std::filesystem::path>& roots);

// Sharding a batch over N machines: a file's shard is a stable hash
// (SHA-256) of its path relative to the root it was found under (its name
// when named explicitly), so deciding costs no read, and every machine agrees
// wherever the tree is mounted. Shards count from 0, as SLURM_ARRAY_TASK_ID
// and JOB_COMPLETION_INDEX do.
struct Shard {
  int index = 0;  // K
  int count = 1;  // N; 1 = everything
};

// Parses "K/N" (0 <= K < N); fails with a one-line reason.
Result<Shard> ParseShard(std::string_view text);

// The path that decides the shard of `path` found under `root`.
std::string ShardKey(const std::filesystem::path& path, const std::filesystem::path& root);

// Whether `path` found under `root` belongs to `shard`.
bool InShard(const std::filesystem::path& path, const std::filesystem::path& root, const Shard& shard);

}  // namespace minutebook::discover

#endif  // MINUTEBOOK_DISCOVER_DISCOVER_H_
