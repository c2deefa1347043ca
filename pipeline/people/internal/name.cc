#include "people/internal/name.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>
#include <unordered_set>

namespace minutebook::people::internal {
namespace {

enum class TitleKind { kCouncillor, kMale, kFemale, kNeutral, kRankShort };

struct TitleWord {
  std::string_view key;
  TitleKind kind;
};

// Titles and ranks, by folded key. kRankShort ones ("PC", "DI") only count
// when written in capitals: "Di" and "Ds" can be first names.
constexpr std::array kTitles = {
    TitleWord{"cllr", TitleKind::kCouncillor},       TitleWord{"cllrs", TitleKind::kCouncillor},
    TitleWord{"councillor", TitleKind::kCouncillor}, TitleWord{"councillors", TitleKind::kCouncillor},
    TitleWord{"councilor", TitleKind::kCouncillor},  TitleWord{"councilors", TitleKind::kCouncillor},
    TitleWord{"mr", TitleKind::kMale},               TitleWord{"sir", TitleKind::kMale},
    TitleWord{"lord", TitleKind::kMale},             TitleWord{"baron", TitleKind::kMale},
    TitleWord{"mrs", TitleKind::kFemale},            TitleWord{"ms", TitleKind::kFemale},
    TitleWord{"miss", TitleKind::kFemale},           TitleWord{"dame", TitleKind::kFemale},
    TitleWord{"lady", TitleKind::kFemale},           TitleWord{"baroness", TitleKind::kFemale},
    TitleWord{"mx", TitleKind::kNeutral},            TitleWord{"dr", TitleKind::kNeutral},
    TitleWord{"prof", TitleKind::kNeutral},          TitleWord{"professor", TitleKind::kNeutral},
    TitleWord{"rev", TitleKind::kNeutral},           TitleWord{"revd", TitleKind::kNeutral},
    TitleWord{"reverend", TitleKind::kNeutral},      TitleWord{"canon", TitleKind::kNeutral},
    TitleWord{"hon", TitleKind::kNeutral},           TitleWord{"honourable", TitleKind::kNeutral},
    TitleWord{"mayor", TitleKind::kNeutral},         TitleWord{"clerk", TitleKind::kNeutral},
    TitleWord{"superintendent", TitleKind::kNeutral}, TitleWord{"supt", TitleKind::kNeutral},
    TitleWord{"inspector", TitleKind::kNeutral},     TitleWord{"insp", TitleKind::kNeutral},
    TitleWord{"ainsp", TitleKind::kNeutral},         TitleWord{"tinsp", TitleKind::kNeutral},
    TitleWord{"asupt", TitleKind::kNeutral},         TitleWord{"tsupt", TitleKind::kNeutral},
    TitleWord{"asgt", TitleKind::kNeutral},          TitleWord{"sergeant", TitleKind::kNeutral},
    TitleWord{"sgt", TitleKind::kNeutral},           TitleWord{"constable", TitleKind::kNeutral},
    TitleWord{"detective", TitleKind::kNeutral},     TitleWord{"det", TitleKind::kNeutral},
    TitleWord{"commander", TitleKind::kNeutral},     TitleWord{"cmdr", TitleKind::kNeutral},
    TitleWord{"pc", TitleKind::kRankShort},          TitleWord{"ps", TitleKind::kRankShort},
    TitleWord{"dc", TitleKind::kRankShort},          TitleWord{"ds", TitleKind::kRankShort},
    TitleWord{"di", TitleKind::kRankShort},          TitleWord{"dci", TitleKind::kRankShort},
    TitleWord{"dsi", TitleKind::kRankShort},         TitleWord{"dcs", TitleKind::kRankShort},
    TitleWord{"acc", TitleKind::kRankShort},         TitleWord{"dcc", TitleKind::kRankShort},
    TitleWord{"pcso", TitleKind::kRankShort},
};

// Words that qualify a title but are not one alone: taken off only when a
// title follows ("County Councillor", "Chief Superintendent", "The Rt Hon").
constexpr std::array<std::string_view, 16> kTitleModifiers = {
    "county", "district", "parish", "town", "city", "borough", "deputy", "assistant",
    "acting", "temporary", "the", "chief", "ch", "right", "rt", "executive"};

// Letters after a name: "Mrs T Dean, MBE", "Mr R Love OBE". Only in capitals.
constexpr std::array<std::string_view, 20> kHonours = {"OBE", "MBE", "CBE", "KBE", "DBE", "BEM", "JP",
                                                       "DL",  "QC",  "KC",  "MP",  "MEP", "MSP", "PHD",
                                                       "FCA", "FRS", "RN",  "BSC", "MSC", "QPM"};

// Words that make an owner or author a group, a role or an organisation
// rather than a person ("All CSP members", "Partners", "Cabinet Office").
const std::unordered_set<std::string_view>& GroupWords() {
  static const auto* words = new std::unordered_set<std::string_view>{
      "all",          "everyone",     "everybody",   "members",       "member",       "partners",
      "partner",      "partnership",  "board",       "boards",        "panel",        "team",
      "teams",        "group",        "groups",      "office",        "officer",      "officers",
      "council",      "councils",     "councillors", "clerk",         "chair",        "chairs",
      "chairman",     "chairperson",  "vice",        "secretariat",   "secretary",    "committee",
      "cabinet",      "director",     "directors",   "manager",       "managers",     "head",
      "heads",        "lead",         "leads",       "service",       "services",     "department",
      "police",       "authority",    "agency",      "agencies",      "trust",        "commissioner",
      "commissioners", "staff",       "colleagues",  "officials",     "representative",
      "representatives", "reps",     "attendees",   "tbc",           "tba",          "tbd",
      "na",           "none",         "various",     "organisation",  "organisations", "nhs",
      "probation",    "school",       "schools",     "government",    "ministry",     "unit",
      "network",      "forum",        "subgroup",    "working",       "csp",          "community",
      "safety",       "public",       "residents",   "coordinator",   "administrator", "the",
      "and",          "of",           "for",         "to",            "with",         "an",
      "by",           "on",           "in",          "at",            "both",         "each",
      "every",        "leader",       "executive",   "governance",    "finance",      "legal",
      "housing",      "health",       "children",    "adults",        "care",         "social",
      "operations",   "strategy",     "policy",      "project",       "programme",    "comms",
      "communications", "admin",      "support",     "users",         "owners",       "others",
      "them",         "they",         "we",          "you",           "ongoing",      "complete",
      "completed",    "outstanding",  "closed",      "open",          "done",         "noted",
      "action",       "actions",      "update",      "item",          "report",       "enquiries",
      "info",         "contact",      "admin",       "democratic",    "mayor",        "mopac",
      "lbbd",         "bcu",          "hmpps",       "cabinetoffice", "ltd",          "limited",
      "plc",          "university",   "college",     "centre",        "center",       "institute",
      "association",  "foundation",   "charity",     "department",    "dept",         "unit",
      "ward",         "wards",        "hospital",    "practice",      "surgery",      "agenda",
      "minutes",      "apologies",    "present",     "attendance",    "chief",        "deputy",
      "senior",       "interim",      "principal",   "assistant",     "analyst",      "advisor",
      "adviser",      "advisers",     "advisors",    "specialist",    "worker",       "workers",
      "volunteers",   "volunteer",    "delegate",    "observer",      "guest",        "treasurer",
      "solicitor",    "auditor",      "auditors",    "engineer",      "planner",      "planners",
  };
  return *words;
}

// Lower-case particles that may begin a surname word: "d'Urso", "van Dyke".
constexpr std::array<std::string_view, 20> kParticles = {"de",  "van", "von", "der", "den", "da",  "di",
                                                         "du",  "le",  "la",  "del", "della", "dos", "das",
                                                         "bin", "ibn", "al",  "el",  "ter", "st"};

bool IsAsciiOnly(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x80; });
}

// Letters with no decomposition that people still write without the mark.
void AppendFolded(UChar32 c, std::string& out) {
  switch (c) {
    case 0x0142: out += 'l'; return;   // ł
    case 0x00F8: out += 'o'; return;   // ø
    case 0x0111: out += 'd'; return;   // đ
    case 0x0131: out += 'i'; return;   // dotless ı
    case 0x00E6: out += "ae"; return;  // æ
    case 0x0153: out += "oe"; return;  // œ
    case 0x00FE: out += "th"; return;  // þ
    case 0x00F0: out += 'd'; return;   // ð
    default: break;
  }
  icu::UnicodeString one(c);
  one.toUTF8String(out);
}

icu::UnicodeString FoldedUnicode(std::string_view s) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(status);
  if (U_SUCCESS(status)) {
    icu::UnicodeString d = nfkd->normalize(u, status);
    if (U_SUCCESS(status)) u = d;
  }
  u.foldCase();
  return u;
}

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (std::isspace(static_cast<unsigned char>(s[b])) || s[b] == ',' || s[b] == ';' || s[b] == ':')) ++b;
  while (e > b && (std::isspace(static_cast<unsigned char>(s[e - 1])) || s[e - 1] == ',' || s[e - 1] == ';' ||
                   s[e - 1] == ':'))
    --e;
  return std::string(s.substr(b, e - b));
}

// s with "(Chair)", "[TBC]" and the like removed, no-break spaces and tabs
// made spaces, cut before a comma or a spaced dash (a role follows:
// "Chris Lyons, Community Safety Partnership Manager").
std::string NamePart(std::string_view s) {
  std::string out;
  int depth = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '(' || c == '[') {
      ++depth;
    } else if ((c == ')' || c == ']') && depth > 0) {
      --depth;
      out += ' ';
    } else if (depth == 0) {
      if (c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') {
        out += ' ';
        ++i;
      } else if (c == '\t' || c == '\n' || c == '\r') {
        out += ' ';
      } else {
        out += c;
      }
    }
  }
  size_t cut = out.find(',');
  for (std::string_view dash : {" - ", " \xE2\x80\x93 ", " \xE2\x80\x94 "}) {
    cut = std::min(cut, out.find(dash));
  }
  if (cut != std::string::npos) out.resize(cut);
  return Trim(out);
}

std::vector<std::string> SplitSpaces(std::string_view s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) out.emplace_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

bool AllUpperAscii(std::string_view s) {
  bool any = false;
  for (unsigned char c : s) {
    if (std::islower(c)) return false;
    if (std::isupper(c)) any = true;
  }
  return any;
}

std::string WithoutDots(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != '.') out += c;
  }
  return out;
}

const TitleWord* FindTitle(std::string_view key) {
  for (const TitleWord& t : kTitles) {
    if (t.key == key) return &t;
  }
  return nullptr;
}

bool IsModifier(std::string_view key) {
  return std::find(kTitleModifiers.begin(), kTitleModifiers.end(), key) != kTitleModifiers.end();
}

// "J", "J.", "J.P.", and (in a name not written all in capitals, before the
// surname) "JP".
bool IsInitialToken(std::string_view written, bool last, bool name_all_caps) {
  const std::string bare = WithoutDots(written);
  if (bare.empty() || !std::all_of(bare.begin(), bare.end(), [](unsigned char c) { return std::isalpha(c); })) {
    return false;
  }
  if (bare.size() == 1) return true;
  if (written.find('.') != std::string_view::npos) {
    // Dotted: every letter followed by a dot.
    for (size_t i = 0; i < written.size(); ++i) {
      const bool letter = std::isalpha(static_cast<unsigned char>(written[i]));
      if (letter && (i + 1 < written.size() && written[i + 1] != '.')) return false;
    }
    return true;
  }
  return !last && !name_all_caps && bare.size() <= 3 && AllUpperAscii(bare);
}

bool StartsLowerAscii(std::string_view w) { return !w.empty() && std::islower(static_cast<unsigned char>(w[0])); }

bool CapitalisedLikeAName(std::string_view written, std::string_view key) {
  if (!StartsLowerAscii(written)) return true;
  if (std::find(kParticles.begin(), kParticles.end(), key) != kParticles.end()) return true;
  // d'Urso, o'Hara
  return written.size() > 2 && (written[1] == '\'' || written.substr(1, 3) == "\xE2\x80\x99");
}

std::string HeadKey(std::string_view written) {
  for (std::string_view dash : {"-", "\xE2\x80\x90", "\xE2\x80\x91", "\xE2\x80\x93"}) {
    const size_t at = written.find(dash);
    if (at != std::string_view::npos && at > 0) return FoldKey(written.substr(0, at));
  }
  return FoldKey(written);
}

std::string Capitalise(std::string_view w) {
  std::string out(w);
  bool start = true;
  for (char& c : out) {
    if (start && std::isalpha(static_cast<unsigned char>(c))) {
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      start = false;
    } else if (c == '-') {
      start = true;
    }
  }
  return out;
}

}  // namespace

std::string FoldKey(std::string_view s) {
  std::string out;
  if (IsAsciiOnly(s)) {
    for (unsigned char c : s) {
      if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
    }
    return out;
  }
  const icu::UnicodeString u = FoldedUnicode(s);
  for (int32_t i = 0; i < u.length();) {
    const UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK || !u_isalnum(c)) continue;
    AppendFolded(c, out);
  }
  return out;
}

std::vector<std::string> Words(std::string_view s) {
  // The gold scorer's tokens: NFKC case-folded, apostrophes dropped, runs of
  // a-z0-9 (other letters separate words).
  std::string folded;
  if (IsAsciiOnly(s)) {
    folded.reserve(s.size());
    for (unsigned char c : s) folded += static_cast<char>(std::tolower(c));
  } else {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
    if (U_SUCCESS(status)) {
      icu::UnicodeString d = nfkc->normalize(u, status);
      if (U_SUCCESS(status)) u = d;
    }
    u.foldCase();
    u.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x2019)), icu::UnicodeString("'"));
    u.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x2018)), icu::UnicodeString("'"));
    u.toUTF8String(folded);
  }
  std::vector<std::string> out;
  std::string word;
  for (char c : folded) {
    if (c == '\'') continue;
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      word += c;
    } else if (!word.empty()) {
      out.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

Name ParseName(std::string_view written, bool require_capitals) {
  Name name;
  name.written = Trim(written);
  std::vector<std::string> words = SplitSpaces(NamePart(name.written));

  // Honours after the name.
  while (words.size() > 1) {
    const std::string bare = WithoutDots(words.back());
    std::string upper = bare;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (!AllUpperAscii(bare) && upper != "PHD") break;
    if (std::find(kHonours.begin(), kHonours.end(), upper) == kHonours.end()) break;
    words.pop_back();
  }

  // Titles before it: the longest run of titles and modifiers that ends in
  // a title and leaves at least one word.
  size_t strip = 0;
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    const std::string key = FoldKey(words[i]);
    const TitleWord* t = FindTitle(key);
    if (t != nullptr && t->kind == TitleKind::kRankShort && !AllUpperAscii(words[i])) t = nullptr;
    if (t != nullptr) {
      strip = i + 1;
    } else if (!IsModifier(key)) {
      break;
    }
  }
  for (size_t i = 0; i < strip; ++i) {
    const TitleWord* t = FindTitle(FoldKey(words[i]));
    if (t == nullptr) continue;
    if (t->kind == TitleKind::kCouncillor) name.councillor = true;
    if (t->kind == TitleKind::kMale) name.gender = Gender::kMale;
    if (t->kind == TitleKind::kFemale) name.gender = Gender::kFemale;
  }
  for (size_t i = 0; i < strip; ++i) name.title += (i ? " " : "") + words[i];
  words.erase(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(strip));

  const bool all_caps = std::all_of(words.begin(), words.end(), [](const std::string& w) {
    return AllUpperAscii(w) || !std::any_of(w.begin(), w.end(), [](unsigned char c) { return std::isalpha(c); });
  });
  for (size_t i = 0; i < words.size(); ++i) {
    Token t;
    t.written = words[i];
    t.key = FoldKey(words[i]);
    if (t.key.empty()) continue;
    t.head = HeadKey(words[i]);
    t.initial = IsInitialToken(words[i], i + 1 == words.size(), all_caps && words.size() > 1);
    name.tokens.push_back(std::move(t));
  }
  for (const Token& t : name.tokens) {
    name.display += (name.display.empty() ? "" : " ") + t.written;
    name.key += t.key;
  }
  if (name.tokens.empty() || name.tokens.size() > 5) return name;

  const auto& groups = GroupWords();
  for (const Token& t : name.tokens) {
    if (groups.count(t.key) != 0) return name;
    if (std::any_of(t.key.begin(), t.key.end(), [](unsigned char c) { return std::isdigit(c); })) return name;
    if (require_capitals && !CapitalisedLikeAName(t.written, t.key)) return name;
  }
  if (name.tokens.size() == 1) {
    const Token& t = name.tokens[0];
    const std::string bare = WithoutDots(t.written);
    if (!name.titled() && bare.size() >= 2 && bare.size() <= 4 && AllUpperAscii(bare) && IsAsciiOnly(bare)) {
      name.shape = Shape::kInitials;
    } else if (t.key.size() >= 2 && !t.initial) {
      name.shape = Shape::kSingle;
    }
    return name;
  }
  if (name.last().initial) return name;  // "Steve C.": no surname to go by
  name.shape = name.first().initial ? Shape::kInitialed : Shape::kFull;
  return name;
}

FirstNameMatch CompareFirstNames(std::string_view a, bool a_initial, std::string_view b, bool b_initial,
                                 const FirstNameRules& rules) {
  if (a.empty() || b.empty()) return FirstNameMatch::kNo;
  if (a_initial || b_initial) {
    if (a_initial && b_initial) return a == b ? FirstNameMatch::kSame : FirstNameMatch::kNo;
    return a[0] == b[0] ? FirstNameMatch::kInitial : FirstNameMatch::kNo;
  }
  if (a == b) return FirstNameMatch::kSame;
  const std::string_view shorter = a.size() <= b.size() ? a : b;
  const std::string_view longer = a.size() <= b.size() ? b : a;
  if (static_cast<int>(shorter.size()) >= rules.min_prefix && longer.substr(0, shorter.size()) == shorter) {
    return FirstNameMatch::kPrefix;
  }
  if (static_cast<int>(shorter.size()) >= rules.min_suffix && longer.substr(longer.size() - shorter.size()) == shorter) {
    return FirstNameMatch::kSuffix;
  }
  size_t stem = 0;
  while (stem < shorter.size() && a[stem] == b[stem]) ++stem;
  if (static_cast<int>(stem) >= rules.min_common_stem && a.size() - stem <= 2 && b.size() - stem <= 2) {
    return FirstNameMatch::kEnding;
  }
  return FirstNameMatch::kNo;
}

const char* FirstNameMatchName(FirstNameMatch m) {
  switch (m) {
    case FirstNameMatch::kNo: return "different";
    case FirstNameMatch::kSame: return "the same";
    case FirstNameMatch::kInitial: return "an initial and a name";
    case FirstNameMatch::kPrefix: return "a short and a long form (one begins the other)";
    case FirstNameMatch::kSuffix: return "a short and a long form (one ends the other)";
    case FirstNameMatch::kEnding: return "spellings differing only in their last letters";
  }
  return "?";
}

std::optional<std::string> NameFromEmail(std::string_view email) {
  const size_t at = email.find('@');
  if (at == std::string_view::npos) return std::nullopt;
  std::string local(email.substr(0, at));
  for (char& c : local) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const size_t dot = local.find('.');
  if (dot == std::string::npos || local.find('.', dot + 1) != std::string::npos) return std::nullopt;
  std::string first = local.substr(0, dot);
  std::string last = local.substr(dot + 1);
  while (!last.empty() && std::isdigit(static_cast<unsigned char>(last.back()))) last.pop_back();
  auto name_like = [](const std::string& w) {
    return w.size() >= 2 && std::isalpha(static_cast<unsigned char>(w.front())) &&
           std::isalpha(static_cast<unsigned char>(w.back())) &&
           std::all_of(w.begin(), w.end(), [](unsigned char c) { return std::isalpha(c) || c == '-'; });
  };
  if (!name_like(first) || !name_like(last)) return std::nullopt;
  return Capitalise(first) + " " + Capitalise(last);
}

int EditDistance(std::string_view a, std::string_view b) {
  std::vector<int> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    int diag = row[0];
    row[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      const int up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace minutebook::people::internal
