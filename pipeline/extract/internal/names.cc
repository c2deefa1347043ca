#include "extract/internal/names.h"

#include <algorithm>
#include <cctype>

#include "extract/internal/lines.h"

namespace minutebook::extract::internal {
namespace {

bool IsParticle(std::string_view w) {
  static const char* const kParticles[] = {"de", "van", "von", "der", "den", "da", "di", "le", "la",
                                           "du", "del", "bin", "al", "el", "dos", "das", "ter", "ten"};
  for (const char* p : kParticles) {
    if (w == p) return true;
  }
  return false;
}

bool IsInitial(std::string_view w) {
  if (w.size() == 2 && w[1] == '.') w.remove_suffix(1);
  return w.size() == 1 && std::isupper(static_cast<unsigned char>(w[0]));
}

bool IsNameWord(std::string_view w) {
  if (IsInitial(w)) return true;
  // "d'Urso", "D'urso", "O'Hara", "McInroy", "Barrington-King"
  std::string_view core = w;
  if (core.size() > 2 && core[0] == 'd' && core[1] == '\'') core.remove_prefix(2);
  if (!StartsWithUpper(core)) return false;
  bool lower = false;
  for (unsigned char c : core) {
    if (std::islower(c) || c >= 0x80) lower = true;
    if (!(std::isalpha(c) || c >= 0x80 || c == '\'' || c == '-' || c == '.')) return false;
  }
  // All capitals ("MEM", "KCC") are acronyms, not names.
  return lower;
}

// Titles the gold format keeps in "name" (the scorer knows them); list
// prefixes such as "Councillors" or "County Councillor" are dropped.
bool KeepTitleInWritten(std::string_view title) {
  std::string t = ToLower(title);
  while (!t.empty() && (t.back() == '.' || t.back() == ' ')) t.pop_back();
  if (t.find(' ') != std::string::npos && (t.rfind("county", 0) == 0 || t.rfind("district", 0) == 0 ||
                                           t.rfind("parish", 0) == 0 || t.rfind("town", 0) == 0))
    return false;
  return t != "councillors" && t != "cllrs" && t != "clerk";
}

std::string StripEdgePunct(std::string_view s) {
  s = TrimView(s);
  while (!s.empty() && (s.back() == '.' || s.back() == ',' || s.back() == ';' || s.back() == ':' || s.back() == '-'))
    s = TrimView(s.substr(0, s.size() - 1));
  while (!s.empty() && (s.front() == ',' || s.front() == ';' || s.front() == ':' || s.front() == '-' || s.front() == '.'))
    s = TrimView(s.substr(1));
  return std::string(s);
}

// Removes leading titles (repeatedly) and trailing honours.
std::string StripTitles(const RuleSet& rules, std::string_view s, bool* titled) {
  std::string rest = StripEdgePunct(s);
  *titled = false;
  for (int guard = 0; guard < 4; ++guard) {
    auto hit = rules.First("title", rest);
    if (!hit || hit->begin != 0) break;
    std::string after = Trim(std::string_view(rest).substr(hit->end));
    if (after.empty()) break;  // "Mr" alone is not a name
    *titled = true;
    rest = after;
  }
  for (int guard = 0; guard < 3; ++guard) {
    auto hit = rules.First("postnominal", rest);
    if (!hit || hit->begin == 0) break;
    rest = StripEdgePunct(std::string_view(rest).substr(0, hit->begin));
  }
  return rest;
}

}  // namespace

std::vector<std::string> SplitList(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  int depth = 0;
  auto flush = [&]() {
    std::string t = Trim(cur);
    if (!t.empty()) out.push_back(t);
    cur.clear();
  };
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '(' || c == '[') ++depth;
    if ((c == ')' || c == ']') && depth > 0) {
      --depth;
      cur += c;
      // "D Richardson (Chair) R Healey": a capital after a closing parenthesis starts a new entry.
      if (depth == 0 && i + 2 < s.size() && s[i + 1] == ' ' && std::isupper(static_cast<unsigned char>(s[i + 2]))) flush();
      continue;
    }
    if (depth == 0) {
      if (c == ',' || c == ';' || c == '/' || c == '\t') {
        flush();
        continue;
      }
      if (c == ' ') {
        std::string_view rest = s.substr(i);
        if (rest.substr(0, 5) == " and " || rest.substr(0, 3) == " & ") {
          flush();
          i += rest[1] == '&' ? 2 : 4;
          continue;
        }
      }
    }
    cur += c;
  }
  flush();
  return out;
}

std::string TakeParentheticals(std::string_view s, std::vector<std::string>* contents) {
  std::string out;
  std::string inner;
  int depth = 0;
  for (char c : s) {
    if (c == '(' || c == '[') {
      if (depth > 0) inner += c;
      ++depth;
      continue;
    }
    if ((c == ')' || c == ']') && depth > 0) {
      --depth;
      if (depth == 0) {
        if (contents != nullptr) contents->push_back(Trim(inner));
        inner.clear();
        out += ' ';
      } else {
        inner += c;
      }
      continue;
    }
    if (depth > 0) {
      inner += c;
    } else {
      out += c;
    }
  }
  if (depth > 0 && contents != nullptr) contents->push_back(Trim(inner));  // unclosed: "(Director of"
  return CollapseSpaces(out);
}

bool NameLikeWords(const RuleSet& rules, const std::vector<std::string>& words) {
  if (words.empty() || words.size() > 5) return false;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    bool inner = i > 0 && i + 1 < words.size();
    if (!(IsNameWord(w) || (inner && IsParticle(w)))) return false;
    if (rules.First("role_word", w)) return false;
  }
  // A name does not end with an initial ("Stuart B" is a fragment).
  return !IsInitial(words.back()) || words.size() == 1;
}

std::optional<PersonName> ParsePersonName(const RuleSet& rules, std::string_view entry) {
  std::string s = TakeParentheticals(entry, nullptr);
  s = StripEdgePunct(s);
  if (s.empty() || s.find_first_of("0123456789@:") != std::string::npos) return std::nullopt;
  PersonName name;
  name.bare = StripTitles(rules, s, &name.titled);
  std::vector<std::string> words = Words(name.bare);
  if (!NameLikeWords(rules, words)) return std::nullopt;
  if (words.size() == 1 && (!name.titled || IsInitial(words[0]))) return std::nullopt;
  // written: only the list prefixes the gold form omits ("Councillors",
  // "County Councillor") are dropped; titles and honours stay.
  std::string written = s;
  for (int guard = 0; guard < 4; ++guard) {
    auto hit = rules.First("title", written);
    if (!hit || hit->begin != 0) break;
    std::string after = Trim(std::string_view(written).substr(hit->end));
    if (after.empty() || KeepTitleInWritten(hit->Get("title"))) break;
    written = after;
  }
  name.written = written;
  return name;
}

std::optional<PersonName> LeadingPersonName(const RuleSet& rules, std::string_view text) {
  std::string s = TakeParentheticals(text, nullptr);
  // Cut at the first separator between the name and a job title.
  for (std::string_view sep : {",", " - ", ";", "\t"}) {
    size_t at = s.find(sep);
    if (at != std::string::npos) s = s.substr(0, at);
  }
  s = StripEdgePunct(s);
  PersonName name;
  std::string bare = StripTitles(rules, s, &name.titled);
  std::vector<std::string> words = Words(bare);
  std::vector<std::string> taken;
  for (size_t i = 0; i < words.size() && taken.size() < 4; ++i) {
    const std::string& w = words[i];
    if (!(IsNameWord(w) || (!taken.empty() && IsParticle(w))) || rules.First("role_word", w)) break;
    taken.push_back(w);
  }
  while (!taken.empty() && IsParticle(taken.back())) taken.pop_back();
  if (taken.size() < 2 || IsInitial(taken.back())) return std::nullopt;
  std::string joined;
  for (const auto& w : taken) joined += (joined.empty() ? "" : " ") + w;
  name.bare = joined;
  name.written = joined;
  return name;
}

namespace {

// "Director of Services (Mr B Kennedy)": an office, then the person.
bool OfficeThenPerson(const RuleSet& rules, std::string_view part) {
  std::vector<std::string> contents;
  TakeParentheticals(part, &contents);
  return std::any_of(contents.begin(), contents.end(), [&](const std::string& c) {
    auto name = ParsePersonName(rules, c);
    return name && name->titled;
  });
}

}  // namespace

bool StartsWithPerson(const RuleSet& rules, std::string_view text) {
  auto parts = SplitList(text);
  if (parts.empty()) return false;
  std::string first = parts.front();
  size_t colon = first.rfind(':');
  if (colon != std::string::npos) first = first.substr(colon + 1);
  return ParsePersonName(rules, first) || LeadingPersonName(rules, first) || OfficeThenPerson(rules, first);
}

bool HasTitledPerson(const RuleSet& rules, std::string_view text) {
  for (const auto& p : SplitList(text)) {
    auto name = ParsePersonName(rules, p);
    if ((name && name->titled) || OfficeThenPerson(rules, p)) return true;
  }
  return false;
}

bool PersonRow(const RuleSet& rules, std::string_view text) {
  auto parts = SplitList(text);
  size_t persons = 0;
  for (const auto& p : parts) {
    if (ParsePersonName(rules, p) || LeadingPersonName(rules, p) || OfficeThenPerson(rules, p)) ++persons;
  }
  return persons > 0 && persons * 2 >= parts.size();
}

std::string NameKey(std::string_view name) {
  std::string out;
  bool space = false;
  for (unsigned char c : name) {
    if (std::isalnum(c) || c >= 0x80) {
      if (space && !out.empty()) out += ' ';
      space = false;
      out += static_cast<char>(std::tolower(c));
    } else if (c == '\'' || c == 0x60) {
      // apostrophes join: "D'Urso" -> "durso"
    } else {
      space = true;
    }
  }
  return out;
}

}  // namespace minutebook::extract::internal
