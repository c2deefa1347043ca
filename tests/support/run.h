// Runs the real minutebook binary for end-to-end tests, as a user would.
#ifndef MINUTEBOOK_TESTS_SUPPORT_RUN_H_
#define MINUTEBOOK_TESTS_SUPPORT_RUN_H_

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace minutebook::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;  // standard output; standard error is discarded
};

// Single-quotes a string for /bin/sh.
inline std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += (c == '\'') ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// REQUIRES: args already quoted where needed.
inline RunResult Minutebook(const std::string& args) {
  const std::string cmd = std::string(MINUTEBOOK_BINARY) + " " + args + " 2>/dev/null";
  RunResult r;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  const int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace minutebook::testing

#endif  // MINUTEBOOK_TESTS_SUPPORT_RUN_H_
