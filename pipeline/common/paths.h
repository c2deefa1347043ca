// Where the data folders that ship with minutebook (rules/, the web page's
// templates) are found at run time.
#ifndef MINUTEBOOK_COMMON_PATHS_H_
#define MINUTEBOOK_COMMON_PATHS_H_

#include <string>

namespace minutebook {

// `relative` inside the nearest folder above the running binary that holds
// `relative`/`marker` (a build tree or an installed tree), else
// `fallback` (the source tree the binary was built from). The environment
// variable `env`, when set, wins.
std::string DataDir(const char* env, const std::string& relative, const std::string& marker,
                    const std::string& fallback);

}  // namespace minutebook

#endif  // MINUTEBOOK_COMMON_PATHS_H_
