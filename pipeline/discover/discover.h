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

}  // namespace minutebook::discover

#endif  // MINUTEBOOK_DISCOVER_DISCOVER_H_
