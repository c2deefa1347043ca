// minutebook's exit status, a documented contract (README, "Exit status").
#ifndef MINUTEBOOK_CLI_EXIT_CODES_H_
#define MINUTEBOOK_CLI_EXIT_CODES_H_

namespace minutebook::cli {

inline constexpr int kExitOk = 0;
// Some input files failed; audit: a finding of the --fail-on class;
// actions --owner: the name matches nobody.
inline constexpr int kExitSomeFailed = 1;
inline constexpr int kExitUsage = 2;
// The index could not be opened, read or written.
inline constexpr int kExitFatal = 3;

}  // namespace minutebook::cli

#endif  // MINUTEBOOK_CLI_EXIT_CODES_H_
