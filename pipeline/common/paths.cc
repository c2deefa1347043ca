#include "common/paths.h"

#include <cstdlib>
#include <filesystem>

namespace minutebook {

std::string DataDir(const char* env, const std::string& relative, const std::string& marker,
                    const std::string& fallback) {
  namespace fs = std::filesystem;
  if (const char* value = std::getenv(env)) return value;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (fs::path dir = exe.parent_path(); !dir.empty() && dir != dir.parent_path(); dir = dir.parent_path()) {
      if (fs::exists(dir / relative / marker, ec)) return (dir / relative).string();
    }
  }
  return fallback;
}

}  // namespace minutebook
