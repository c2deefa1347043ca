// Runs the real minutebook binary for end-to-end tests, as a user would.
#ifndef MINUTEBOOK_TESTS_SUPPORT_RUN_H_
#define MINUTEBOOK_TESTS_SUPPORT_RUN_H_

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace minutebook::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;  // standard output
  std::string err;  // standard error; empty unless captured (MinutebookWithStderr)
};

// Single-quotes a string for /bin/sh.
inline std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += (c == '\'') ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// Runs a shell command line and collects its standard output.
inline RunResult RunShell(const std::string& cmd) {
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

// Standard error is discarded. REQUIRES: args already quoted where needed.
inline RunResult Minutebook(const std::string& args) {
  return RunShell(std::string(MINUTEBOOK_BINARY) + " " + args + " 2>/dev/null");
}

// As Minutebook, and standard error is kept in `err` (through a temp file, so
// that a chatty stderr cannot block the child while stdout is read).
inline RunResult MinutebookWithStderr(const std::string& args) {
  char name[] = "/tmp/mb_stderr_XXXXXX";
  const int fd = ::mkstemp(name);
  if (fd < 0) return {};
  ::close(fd);
  RunResult r = RunShell(std::string(MINUTEBOOK_BINARY) + " " + args + " 2>" + Quote(name));
  std::ifstream in(name, std::ios::binary);
  std::ostringstream err;
  err << in.rdbuf();
  r.err = err.str();
  ::unlink(name);
  return r;
}

}  // namespace minutebook::testing

#endif  // MINUTEBOOK_TESTS_SUPPORT_RUN_H_
