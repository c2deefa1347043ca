// Rule sets kept as data (rules/*.rules, format in rules/README.md): each rule
// is a named RE2 pattern whose named captures fill fields, with constants it
// sets and the examples it must and must not match. Rules are grouped by the
// part of their name before the first dot ("date.dmy" is in group "date").
#ifndef MINUTEBOOK_EXTRACT_INTERNAL_RULES_H_
#define MINUTEBOOK_EXTRACT_INTERNAL_RULES_H_

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace re2 {
class RE2;
}  // namespace re2

namespace minutebook::extract::internal {

struct CompiledSet;  // an RE2::Set over a group's patterns

// One line of a rule's own corpus: text it must (or must not) match, with the
// captures a match must produce.
struct RuleExample {
  int line = 0;  // line in the rule file, for messages
  std::string text;
  bool must_match = true;
  std::vector<std::pair<std::string, std::string>> expect;  // capture -> value
};

struct Rule {
  std::string name;   // "group.rest"
  std::string group;  // part of name before the first '.'
  std::string pattern;
  bool case_insensitive = false;
  std::vector<std::string> fields;                  // named captures
  std::map<std::string, std::string> constants;    // "set key=value"
  std::vector<RuleExample> examples;
  std::string file;  // base name of the rule file
  int line = 0;      // line of the "rule" header
  int pattern_line = 0;  // line of its first "pattern"

  // The compiled pattern, built on first use by whichever thread needs it
  // first (see RuleSet::Compile). A pattern that does not compile gives an
  // RE2 that matches nothing; Compile reports it.
  const re2::RE2& regex() const;

  Rule();
  ~Rule();
  Rule(Rule&&) noexcept;
  Rule& operator=(Rule&&) noexcept;

 private:
  mutable std::unique_ptr<std::once_flag> compiled_ = std::make_unique<std::once_flag>();
  mutable std::unique_ptr<re2::RE2> re_;
};

// One rule matching one piece of text.
struct Hit {
  const Rule* rule = nullptr;
  size_t begin = 0;  // byte span of the whole match in the text
  size_t end = 0;
  std::vector<std::pair<std::string, std::string>> captures;  // fields that took part

  // A capture, else the rule's constant of that name, else "".
  std::string Get(std::string_view key) const;
  bool Has(std::string_view key) const;
};

// Immutable once compiled; every const method is safe to call from several
// threads at once.
class RuleSet {
 public:
  // How a group's rules are tried on a line: kSet runs one RE2::Set over the
  // group as a prefilter and then only the candidate rules; kEach runs every
  // rule. Both must give the same hits (rules_test checks it on the corpus).
  // (One set over all groups was tried: its DFA, the union of ~100 patterns,
  // made extraction 5x slower than twenty small sets.)
  enum class Path { kSet, kEach };

  // Loads and compiles every *.rules file of a folder, in name order. Errors
  // name the file and line: "attendees.rules:12: missing ): (foo".
  static Result<std::unique_ptr<RuleSet>> LoadDir(const std::string& dir);
  // The files of LoadDir as (name, content) pairs, for Parse.
  static Result<std::vector<std::pair<std::string, std::string>>> ReadDir(const std::string& dir);
  // Parses and compiles rule files given as (name, content) pairs.
  static Result<std::unique_ptr<RuleSet>> FromSources(
      const std::vector<std::pair<std::string, std::string>>& sources);
  // The two halves of FromSources. Parse checks the files' structure and
  // fixes groups and version (cheap). Compile builds every RE2 program and
  // checks patterns and fields (about 20 ms for rules/). Programs are also
  // built on first use, once, by whichever thread needs one first, so a
  // worker can match while Compile runs on another thread; a rule whose
  // pattern does not compile matches nothing until Compile reports it.
  static Result<std::unique_ptr<RuleSet>> Parse(const std::vector<std::pair<std::string, std::string>>& sources);
  Result<void> Compile() const;

  ~RuleSet();

  // Hits of the group's rules on text, at most one per rule (its leftmost
  // match), in rule-file order.
  std::vector<Hit> MatchAll(std::string_view group, std::string_view text,
                            Path path = Path::kSet) const;
  // The first rule of the group, in file order, that matches.
  std::optional<Hit> First(std::string_view group, std::string_view text,
                           Path path = Path::kSet) const;
  // Every non-overlapping match of the group's rules, by position; where two
  // overlap the earlier, then the longer, then the earlier rule wins.
  std::vector<Hit> FindAll(std::string_view group, std::string_view text,
                           Path path = Path::kSet) const;

  const std::vector<const Rule*>& group(std::string_view name) const;
  std::vector<std::string> group_names() const;
  const std::vector<std::unique_ptr<Rule>>& rules() const { return rules_; }
  // Stable digest of the rule files' contents, e.g. "rules-3f2a9c01d4e5b6a7".
  const std::string& version() const { return version_; }

  // Checks a rule's examples; returns one message per failure.
  static std::vector<std::string> CheckExamples(const Rule& rule);

 private:
  struct Group {
    std::vector<const Rule*> rules;
    // The group's RE2::Set, built on first use; null if it failed to build.
    const CompiledSet* set() const;
    mutable std::unique_ptr<std::once_flag> built = std::make_unique<std::once_flag>();
    mutable std::unique_ptr<CompiledSet> compiled;
  };
  RuleSet() = default;
  const Group* FindGroup(std::string_view name) const;
  std::vector<const Rule*> Candidates(const Group& g, std::string_view text, Path path) const;

  std::vector<std::unique_ptr<Rule>> rules_;
  std::map<std::string, Group, std::less<>> groups_;
  // The groups by name, for FindGroup: finders ask by name about 1,200 times
  // a page. An ordered map's string comparisons were 7% of extraction's
  // instructions (callgrind), and std::unordered_map's hashing and modulo
  // still 7% of the extraction thread (perf): a flat open-addressed table of
  // a power-of-two size, keyed on a name's length and three of its letters,
  // probes once for almost every name.
  std::vector<std::pair<std::string_view, const Group*>> by_name_;
  static size_t NameSlot(std::string_view name);
  std::string version_;
};

// Whether every top-level alternative of a pattern starts with '^' (it is
// then run in a Set anchored at the start). Exposed for its tests.
bool AnchoredAtStart(std::string_view pattern);

// Runs one rule on text (leftmost match). Exposed for the example checks.
std::optional<Hit> MatchRule(const Rule& rule, std::string_view text, size_t from = 0);

}  // namespace minutebook::extract::internal

#endif  // MINUTEBOOK_EXTRACT_INTERNAL_RULES_H_
