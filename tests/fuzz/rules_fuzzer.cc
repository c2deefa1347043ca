// Fuzzes the rule engine with the repository's rules/ on arbitrary lines:
// every group's MatchAll, First and FindAll, through the RE2::Set prefilter
// and rule by rule. Checks what rules_test checks on the corpus, on any
// input: both paths give the same hits, and every span lies inside the line.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "extract/internal/rules.h"
#include "fuzz/fuzz_util.h"

namespace {

using minutebook::extract::internal::Hit;
using minutebook::extract::internal::RuleSet;

void Same(const std::vector<Hit>& a, const std::vector<Hit>& b, std::string_view line) {
  if (a.size() != b.size()) std::abort();
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].rule != b[i].rule || a[i].begin != b[i].begin || a[i].end != b[i].end ||
        a[i].captures != b[i].captures) {
      std::abort();
    }
    if (a[i].begin > a[i].end || a[i].end > line.size()) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::unique_ptr<RuleSet> rules = [] {
    auto r = RuleSet::LoadDir(minutebook::fuzz::RulesDir());
    if (!r) std::abort();
    return std::move(*r);
  }();
  static const std::vector<std::string> groups = rules->group_names();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  // Extraction works line by line; a long input is many lines.
  while (!text.empty()) {
    const size_t eol = text.find('\n');
    const std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    for (const auto& group : groups) {
      Same(rules->MatchAll(group, line, RuleSet::Path::kSet), rules->MatchAll(group, line, RuleSet::Path::kEach), line);
      Same(rules->FindAll(group, line, RuleSet::Path::kSet), rules->FindAll(group, line, RuleSet::Path::kEach), line);
      const auto first_set = rules->First(group, line, RuleSet::Path::kSet);
      const auto first_each = rules->First(group, line, RuleSet::Path::kEach);
      if (first_set.has_value() != first_each.has_value()) std::abort();
      if (first_set && first_set->rule != first_each->rule) std::abort();
    }
  }
  return 0;
}
