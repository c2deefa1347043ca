// `minutebook actions` and `minutebook people`: thin commands over the
// people stage. They open the index read-only and read the people stored in
// it (roster/roster.h); when those predate its documents or
// <rules>/people.aliases, they build the people directory themselves, with a
// one-line notice on stderr, and print.
//
// Exit status (the CLI's contract, see main.cc):
//   0 done (also when a known person has no actions)
//   1 actions --owner NAME matched nobody, or more than one person and no
//     action names it as written; the closest known names or the
//     candidates are printed on stderr
//   2 usage: no index at --db, a bad aliases file
//   3 the index could not be read
#ifndef MINUTEBOOK_CLI_PEOPLE_COMMANDS_H_
#define MINUTEBOOK_CLI_PEOPLE_COMMANDS_H_

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/model.h"
#include "common/result.h"

namespace CLI {
class App;
}  // namespace CLI

namespace minutebook::cli {

// Runs the subcommand app.parse() selected and returns its exit status, or
// nullopt when it selected neither of these two.
using PeopleCommandRunner = std::function<std::optional<int>()>;

// Registers `actions` and `people` on `app`. Their --db writes `db_path`
// (the variable the other subcommands share), which must outlive the
// runner; `rules_dir` is the default for --rules. Output goes to `out`,
// messages to `err`; both must outlive the runner.
PeopleCommandRunner AddPeopleCommands(CLI::App& app, std::string& db_path, const std::string& rules_dir,
                                      std::ostream& out, std::ostream& err);
// The same, printing to std::cout and std::cerr.
PeopleCommandRunner AddPeopleCommands(CLI::App& app, std::string& db_path, const std::string& rules_dir);

// For `minutebook export`: rewrites attendee.person, action.owners and
// report.authors of every document to the cross-document canonical names
// (people::Canonicalise), using <rules_dir>/people.aliases when it exists.
// Fails with kInvalidArgument on a bad or contradictory aliases file (the
// message names file:line), kIo when it cannot be read.
Result<void> CanonicalisePeople(std::vector<std::pair<std::string, Extraction>>& documents,
                                const std::string& rules_dir);

}  // namespace minutebook::cli

#endif  // MINUTEBOOK_CLI_PEOPLE_COMMANDS_H_
