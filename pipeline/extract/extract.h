// Extract stage: segments normalised pages into meetings and finds attendees,
// actions, report cover sheets and security markings with the RE2 rule sets
// kept as data in rules/.
#ifndef MINUTEBOOK_EXTRACT_EXTRACT_H_
#define MINUTEBOOK_EXTRACT_EXTRACT_H_

#include <memory>
#include <string>

#include "common/model.h"
#include "common/result.h"

namespace minutebook::extract {

struct Options {
  // Folder of *.rules files. Default: "rules" (the CLI resolves the installed one).
  std::string rules_dir = "rules";
  // Compile and check the rules' RE2 programs (about 20 ms) on a background
  // thread, so that a worker reads and extracts its first document meanwhile;
  // Ready() then waits for the check and reports a pattern that does not
  // compile. Default: false (Create compiles and reports every error itself).
  bool compile_in_background = false;
};

class Extractor {
 public:
  // Loads and compiles every rule file once (see compile_in_background). A
  // bad rule file fails with kInvalidArgument and "file:line: <RE2 error>".
  static Result<std::unique_ptr<Extractor>> Create(const Options& options);
  virtual ~Extractor() = default;

  // Version of the loaded rule set (stored in the index; a change re-extracts).
  virtual std::string version() const = 0;

  // Waits until the rules are compiled; fails as Create would have for a
  // pattern that does not compile. Always ready without compile_in_background.
  virtual Result<void> Ready() const = 0;

  // Works on page.normalised. Thread-safe: compiled rules are immutable.
  // May run before Ready(): the rules it needs are compiled on first use.
  // Its result is only sound once Ready() succeeded (a broken pattern
  // matches nothing).
  virtual Extraction Process(const Document& document) const = 0;
};

}  // namespace minutebook::extract

#endif  // MINUTEBOOK_EXTRACT_EXTRACT_H_
