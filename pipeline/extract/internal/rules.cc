#include "extract/internal/rules.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace minutebook::extract::internal {

// A group's patterns as two RE2::Sets: those anchored at the start of the
// text, run anchored, and the rest. An unanchored DFA reads every byte of
// every line; an anchored one stops as soon as no pattern can match, which
// for most lines is a few bytes in. Set::Match was 54% of extraction's
// instructions with one unanchored Set per group (#13, callgrind).
struct CompiledSet {
  explicit CompiledSet(const RE2::Options& opts)
      : anchored(opts, RE2::ANCHOR_START), floating(opts, RE2::UNANCHORED) {}
  RE2::Set anchored, floating;
  std::vector<int> anchored_rules, floating_rules;  // a Set's index -> the group's rule index
};

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string Where(const std::string& file, int line) { return file + ":" + std::to_string(line) + ": "; }

// Splits "a=1 | b=two words" into pairs.
std::vector<std::pair<std::string, std::string>> ParseExpect(std::string_view s) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!s.empty()) {
    size_t bar = s.find(" | ");
    std::string_view part = Trim(s.substr(0, bar));
    s = bar == std::string_view::npos ? std::string_view() : s.substr(bar + 3);
    if (part.empty()) continue;
    size_t eq = part.find('=');
    if (eq == std::string_view::npos) {
      out.emplace_back(std::string(part), "");
    } else {
      out.emplace_back(std::string(Trim(part.substr(0, eq))), std::string(Trim(part.substr(eq + 1))));
    }
  }
  return out;
}

// The pattern as one RE2::Set entry: a Set has one set of options for all.
std::string SetPattern(const Rule& r) { return (r.case_insensitive ? "(?i)" : "") + r.pattern; }

}  // namespace

// True when every top-level alternative of `pattern` starts with '^' (RE2's
// default, not multi-line: the start of the text), so that matching it
// anchored at the start finds what matching it unanchored finds. False
// whenever unsure (a flag group, an unbalanced pattern).
bool AnchoredAtStart(std::string_view pattern) {
  // Multi-line anywhere ("(?m)", "(?im)", "(?sm:"): a flag set in one
  // alternative holds for the next, whose '^' then matches after any newline.
  for (size_t at = pattern.find("(?"); at != std::string_view::npos; at = pattern.find("(?", at + 2)) {
    for (size_t i = at + 2; i < pattern.size() && std::isalpha(static_cast<unsigned char>(pattern[i])); ++i) {
      if (pattern[i] == 'm') return false;
    }
  }
  int depth = 0;
  bool in_class = false;
  bool branch_start = true;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (branch_start && depth == 0 && !in_class) {
      if (c != '^') return false;
      branch_start = false;
      continue;
    }
    if (c == '\\') {
      ++i;  // the escaped character, in or out of a class
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      continue;
    }
    if (c == '[') {
      in_class = true;
      // "[]" and "[^]" take a literal ']' first.
      if (i + 1 < pattern.size() && pattern[i + 1] == '^') ++i;
      if (i + 1 < pattern.size() && pattern[i + 1] == ']') ++i;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (--depth < 0) return false;
    } else if (c == '|' && depth == 0) {
      branch_start = true;
    }
  }
  return depth == 0 && !in_class && !branch_start;
}

namespace {

uint64_t Fnv1a(uint64_t h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

Result<bool> ParseFile(const std::string& file, std::string_view text,
                       std::vector<std::unique_ptr<Rule>>& out) {
  Rule* cur = nullptr;
  int pattern_line = 0;
  auto finish = [&]() -> Result<bool> {
    if (cur == nullptr) return true;
    if (cur->pattern.empty()) return Fail(ErrorCode::kInvalidArgument, Where(file, cur->line) + "rule " + cur->name + " has no pattern");
    cur->pattern_line = pattern_line;
    return true;
  };

  int line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view raw = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    ++line_no;
    std::string_view line = Trim(raw);
    if (line.empty() || line.front() == '#') continue;
    size_t sp = line.find_first_of(" \t");
    std::string_view key = line.substr(0, sp);
    std::string_view value = sp == std::string_view::npos ? std::string_view() : line.substr(sp);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);

    if (key == "rule") {
      if (auto ok = finish(); !ok) return ok;
      if (value.empty()) return Fail(ErrorCode::kInvalidArgument, Where(file, line_no) + "rule without a name");
      for (const auto& r : out) {
        if (r->name == value) return Fail(ErrorCode::kInvalidArgument, Where(file, line_no) + "duplicate rule " + std::string(value));
      }
      out.push_back(std::make_unique<Rule>());
      cur = out.back().get();
      cur->name = std::string(value);
      cur->group = cur->name.substr(0, cur->name.find('.'));
      cur->file = file;
      cur->line = line_no;
      pattern_line = 0;
      continue;
    }
    if (cur == nullptr) return Fail(ErrorCode::kInvalidArgument, Where(file, line_no) + "'" + std::string(key) + "' before any rule");
    if (key == "pattern") {
      if (pattern_line == 0) pattern_line = line_no;
      cur->pattern += std::string(value);
    } else if (key == "flags") {
      for (char c : value) {
        if (c == 'i') {
          cur->case_insensitive = true;
        } else if (c != ' ') {
          return Fail(ErrorCode::kInvalidArgument, Where(file, line_no) + "unknown flag '" + std::string(1, c) + "'");
        }
      }
    } else if (key == "fields") {
      std::istringstream in{std::string(value)};
      std::string f;
      while (in >> f) cur->fields.push_back(f);
    } else if (key == "set") {
      size_t eq = value.find('=');
      if (eq == std::string_view::npos) return Fail(ErrorCode::kInvalidArgument, Where(file, line_no) + "set needs key=value");
      cur->constants[std::string(Trim(value.substr(0, eq)))] = std::string(Trim(value.substr(eq + 1)));
    } else if (key == "match" || key == "nomatch") {
      RuleExample ex;
      ex.line = line_no;
      ex.must_match = key == "match";
      size_t arrow = value.find(" => ");
      ex.text = std::string(Trim(value.substr(0, arrow)));
      if (arrow != std::string_view::npos) {
        if (!ex.must_match) return Fail(ErrorCode::kInvalidArgument, Where(file, line_no) + "nomatch takes no captures");
        ex.expect = ParseExpect(value.substr(arrow + 4));
      }
      cur->examples.push_back(std::move(ex));
    } else {
      return Fail(ErrorCode::kInvalidArgument, Where(file, line_no) + "unknown key '" + std::string(key) + "'");
    }
  }
  return finish();
}

// Checks that the rule's pattern compiles and its fields are its named captures.
Result<void> CheckRule(const Rule& rule) {
  const RE2& re = rule.regex();
  if (!re.ok()) return Fail(ErrorCode::kInvalidArgument, Where(rule.file, rule.pattern_line) + re.error());
  const auto& named = re.NamedCapturingGroups();
  for (const auto& f : rule.fields) {
    if (named.find(f) == named.end())
      return Fail(ErrorCode::kInvalidArgument,
                  Where(rule.file, rule.line) + "field '" + f + "' is not a named capture of rule " + rule.name);
  }
  for (const auto& [name, index] : named) {
    (void)index;
    if (std::find(rule.fields.begin(), rule.fields.end(), name) == rule.fields.end())
      return Fail(ErrorCode::kInvalidArgument,
                  Where(rule.file, rule.line) + "named capture '" + name + "' of rule " + rule.name + " is not listed in fields");
  }
  return {};
}

}  // namespace

Rule::Rule() = default;
Rule::~Rule() = default;
Rule::Rule(Rule&&) noexcept = default;
Rule& Rule::operator=(Rule&&) noexcept = default;

const RE2& Rule::regex() const {
  std::call_once(*compiled_, [this] {
    RE2::Options opts;
    opts.set_log_errors(false);
    opts.set_case_sensitive(!case_insensitive);
    re_ = std::make_unique<RE2>(pattern, opts);
  });
  return *re_;
}

const CompiledSet* RuleSet::Group::set() const {
  std::call_once(*built, [this] {
    RE2::Options opts;
    opts.set_log_errors(false);
    auto s = std::make_unique<CompiledSet>(opts);
    bool ok = true;
    for (size_t i = 0; i < rules.size() && ok; ++i) {
      const bool anchored = AnchoredAtStart(rules[i]->pattern);
      ok = (anchored ? s->anchored : s->floating).Add(SetPattern(*rules[i]), nullptr) >= 0;
      (anchored ? s->anchored_rules : s->floating_rules).push_back(static_cast<int>(i));
    }
    ok = ok && (s->anchored_rules.empty() || s->anchored.Compile()) && (s->floating_rules.empty() || s->floating.Compile());
    if (ok) compiled = std::move(s);
  });
  return compiled.get();
}

std::string Hit::Get(std::string_view key) const {
  for (const auto& [k, v] : captures) {
    if (k == key) return v;
  }
  if (rule != nullptr) {
    auto it = rule->constants.find(std::string(key));
    if (it != rule->constants.end()) return it->second;
  }
  return "";
}

bool Hit::Has(std::string_view key) const {
  for (const auto& [k, v] : captures) {
    if (k == key) return true;
  }
  return rule != nullptr && rule->constants.count(std::string(key)) > 0;
}

std::optional<Hit> MatchRule(const Rule& rule, std::string_view text, size_t from) {
  const RE2& re = rule.regex();
  int n = re.NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> sub(n);
  if (from > text.size()) return std::nullopt;
  if (!re.Match(re2::StringPiece(text.data(), text.size()), from, text.size(), RE2::UNANCHORED, sub.data(), n))
    return std::nullopt;
  Hit hit;
  hit.rule = &rule;
  hit.begin = static_cast<size_t>(sub[0].data() - text.data());
  hit.end = hit.begin + sub[0].size();
  for (const auto& [name, index] : re.NamedCapturingGroups()) {
    if (sub[index].data() != nullptr) hit.captures.emplace_back(name, std::string(sub[index].data(), sub[index].size()));
  }
  return hit;
}

RuleSet::~RuleSet() = default;

Result<std::vector<std::pair<std::string, std::string>>> RuleSet::ReadDir(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Fail(ErrorCode::kNotFound, "rules folder not found: " + dir);
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.is_regular_file() && e.path().extension() == ".rules") files.push_back(e.path());
  }
  if (ec) return Fail(ErrorCode::kIo, "cannot list " + dir + ": " + ec.message());
  if (files.empty()) return Fail(ErrorCode::kNotFound, "no *.rules files in " + dir);
  std::sort(files.begin(), files.end());
  std::vector<std::pair<std::string, std::string>> sources;
  for (const auto& p : files) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return Fail(ErrorCode::kIo, "cannot read " + p.string());
    std::ostringstream ss;
    ss << in.rdbuf();
    sources.emplace_back(p.filename().string(), ss.str());
  }
  return sources;
}

Result<std::unique_ptr<RuleSet>> RuleSet::LoadDir(const std::string& dir) {
  MB_ASSIGN(sources, ReadDir(dir));
  return FromSources(sources);
}

Result<std::unique_ptr<RuleSet>> RuleSet::FromSources(
    const std::vector<std::pair<std::string, std::string>>& sources) {
  MB_ASSIGN(set, Parse(sources));
  MB_TRY(set->Compile());
  return set;
}

Result<std::unique_ptr<RuleSet>> RuleSet::Parse(const std::vector<std::pair<std::string, std::string>>& sources) {
  std::unique_ptr<RuleSet> set(new RuleSet());
  uint64_t h = 1469598103934665603ull;
  for (const auto& [name, content] : sources) {
    if (auto ok = ParseFile(name, content, set->rules_); !ok) return std::unexpected(ok.error());
    h = Fnv1a(Fnv1a(h, name), content);
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "rules-%016llx", static_cast<unsigned long long>(h));
  set->version_ = buf;
  for (const auto& r : set->rules_) set->groups_[r->group].rules.push_back(r.get());
  size_t slots = 16;
  while (slots < 4 * set->groups_.size()) slots *= 2;
  set->by_name_.assign(slots, {std::string_view(), nullptr});
  for (const auto& [name, g] : set->groups_) {
    size_t i = NameSlot(name) & (slots - 1);
    while (set->by_name_[i].second != nullptr) i = (i + 1) & (slots - 1);
    set->by_name_[i] = {name, &g};
  }
  return set;
}

Result<void> RuleSet::Compile() const {
  for (const auto& r : rules_) MB_TRY(CheckRule(*r));
  for (const auto& [name, g] : groups_) g.set();
  return {};
}

size_t RuleSet::NameSlot(std::string_view name) {
  if (name.empty()) return 0;
  const auto at = [&](size_t i) { return static_cast<size_t>(static_cast<unsigned char>(name[i])); };
  return name.size() * 131 + at(0) * 31 + at(name.size() / 2) * 7 + at(name.size() - 1);
}

const RuleSet::Group* RuleSet::FindGroup(std::string_view name) const {
  // by_name_ is never full (at least four slots a group), so the probe ends
  // at an empty slot.
  const size_t mask = by_name_.size() - 1;
  for (size_t i = NameSlot(name) & mask;; i = (i + 1) & mask) {
    const auto& [key, group] = by_name_[i];
    if (group == nullptr) return nullptr;
    if (key == name) return group;
  }
}

const std::vector<const Rule*>& RuleSet::group(std::string_view name) const {
  static const std::vector<const Rule*> kEmpty;
  const Group* g = FindGroup(name);
  return g == nullptr ? kEmpty : g->rules;
}

std::vector<std::string> RuleSet::group_names() const {
  std::vector<std::string> out;
  for (const auto& [name, g] : groups_) out.push_back(name);
  return out;
}

std::vector<const Rule*> RuleSet::Candidates(const Group& g, std::string_view text, Path path) const {
  const CompiledSet* set = path == Path::kEach ? nullptr : g.set();
  if (set == nullptr) return g.rules;
  std::vector<int> idx;
  std::vector<int> hits;
  const re2::StringPiece piece(text.data(), text.size());
  for (const auto& [set_of, rule_of] : {std::pair{&set->anchored, &set->anchored_rules},
                                        std::pair{&set->floating, &set->floating_rules}}) {
    if (rule_of->empty()) continue;
    // Whether any rule matches first: asked without a list of matches, the
    // DFA stops at the first and allocates nothing, where a list costs a
    // set of the patterns' size per call; most lines match no rule of most
    // groups. Then, for the few that do, which rules.
    RE2::Set::ErrorInfo info;
    if (!set_of->Match(piece, nullptr, &info)) {
      // "Found nothing" and "failed" differ: on a DFA failure fall back to every rule.
      if (info.kind != RE2::Set::kNoError) return g.rules;
      continue;
    }
    info = RE2::Set::ErrorInfo();
    if (!set_of->Match(piece, &hits, &info)) {
      if (info.kind != RE2::Set::kNoError) return g.rules;
      continue;
    }
    for (int h : hits) idx.push_back((*rule_of)[static_cast<size_t>(h)]);
  }
  std::sort(idx.begin(), idx.end());
  std::vector<const Rule*> out;
  out.reserve(idx.size());
  for (int i : idx) out.push_back(g.rules[static_cast<size_t>(i)]);
  return out;
}

std::vector<Hit> RuleSet::MatchAll(std::string_view group_name, std::string_view text, Path path) const {
  std::vector<Hit> out;
  const Group* g = FindGroup(group_name);
  if (g == nullptr) return out;
  for (const Rule* r : Candidates(*g, text, path)) {
    if (auto hit = MatchRule(*r, text)) out.push_back(std::move(*hit));
  }
  return out;
}

std::optional<Hit> RuleSet::First(std::string_view group_name, std::string_view text, Path path) const {
  const Group* g = FindGroup(group_name);
  if (g == nullptr) return std::nullopt;
  for (const Rule* r : Candidates(*g, text, path)) {
    if (auto hit = MatchRule(*r, text)) return hit;
  }
  return std::nullopt;
}

std::vector<Hit> RuleSet::FindAll(std::string_view group_name, std::string_view text, Path path) const {
  std::vector<Hit> all;
  const Group* g = FindGroup(group_name);
  if (g == nullptr) return all;
  for (const Rule* r : Candidates(*g, text, path)) {
    size_t from = 0;
    while (from <= text.size()) {
      auto hit = MatchRule(*r, text, from);
      if (!hit) break;
      from = hit->end > hit->begin ? hit->end : hit->end + 1;
      all.push_back(std::move(*hit));
    }
  }
  auto rule_index = [&](const Rule* r) {
    return std::find(g->rules.begin(), g->rules.end(), r) - g->rules.begin();
  };
  std::stable_sort(all.begin(), all.end(), [&](const Hit& a, const Hit& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    if (a.end != b.end) return a.end > b.end;
    return rule_index(a.rule) < rule_index(b.rule);
  });
  std::vector<Hit> out;
  size_t last_end = 0;
  for (auto& h : all) {
    if (!out.empty() && h.begin < last_end) continue;
    last_end = h.end;
    out.push_back(std::move(h));
  }
  return out;
}

std::vector<std::string> RuleSet::CheckExamples(const Rule& rule) {
  std::vector<std::string> errors;
  for (const auto& ex : rule.examples) {
    std::string where = Where(rule.file, ex.line) + rule.name + ": ";
    auto hit = MatchRule(rule, ex.text);
    if (!ex.must_match) {
      if (hit) errors.push_back(where + "must not match: " + ex.text);
      continue;
    }
    if (!hit) {
      errors.push_back(where + "must match: " + ex.text);
      continue;
    }
    for (const auto& [k, v] : ex.expect) {
      std::string got = hit->Get(k);
      if (got != v) errors.push_back(where + k + " = '" + got + "', expected '" + v + "' in: " + ex.text);
    }
  }
  return errors;
}

}  // namespace minutebook::extract::internal
