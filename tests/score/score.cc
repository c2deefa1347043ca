#include "score/score.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

namespace minutebook::score {
namespace {

using nlohmann::json;

const std::set<std::string>& Titles() {
  static const std::set<std::string> kTitles = {
      "cllr", "councillor", "cllr.", "dr", "mr", "mrs", "ms", "miss", "insp", "a/insp", "ainsp", "ps", "sgt",
      "supt", "superintendent", "chief", "detective", "inspector", "sergeant", "det", "prof", "professor", "sir",
      "dame", "rev", "the"};
  return kTitles;
}

// NFKC then case fold, curly single quotes to '.
icu::UnicodeString NormText(const std::string& s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
  icu::UnicodeString out = U_SUCCESS(status) ? nfkc->normalize(u, status) : u;
  out.foldCase();
  out.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x2019)), "'");
  out.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x2018)), "'");
  return out;
}

std::string Utf8(const icu::UnicodeString& u) {
  std::string s;
  u.toUTF8String(s);
  return s;
}

// Python's \w: letters, digits, marks and underscore.
bool IsWordChar(UChar32 c) {
  return u_isalnum(c) || c == '_' || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0;
}

std::set<std::string> Tokens(const std::string& s) {
  icu::UnicodeString u = NormText(s);
  u.findAndReplace("'", "");
  std::set<std::string> out;
  std::string cur;
  for (char c : Utf8(u)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      cur += c;
    } else if (!cur.empty()) {
      out.insert(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) out.insert(cur);
  return out;
}

struct Tally {
  int tp = 0, fp = 0, fn = 0;
  void Add(int t, int p, int n) {
    tp += t;
    fp += p;
    fn += n;
  }
  std::tuple<double, double, double> Prf() const {
    const double p = tp + fp ? double(tp) / (tp + fp) : (fn ? 0.0 : 1.0);
    const double r = tp + fn ? double(tp) / (tp + fn) : 1.0;
    const double f = p + r ? 2 * p * r / (p + r) : 0.0;
    return {p, r, f};
  }
};

struct Ratio {
  int ok = 0, n = 0;
  void Add(bool good) {
    ++n;
    ok += good ? 1 : 0;
  }
  double Value() const { return n ? double(ok) / n : 1.0; }
};

std::string Str(const json& row, const char* key) {
  auto it = row.find(key);
  return (it != row.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

bool Bool(const json& row, const char* key) {
  auto it = row.find(key);
  return it != row.end() && it->is_boolean() && it->get<bool>();
}

const json& Array(const json& doc, const char* key) {
  static const json kEmpty = json::array();
  auto it = doc.find(key);
  return (it != doc.end() && it->is_array()) ? *it : kEmpty;
}

std::set<std::string> NameSet(const json& row, const char* key) {
  std::set<std::string> out;
  for (const auto& v : Array(row, key)) {
    if (v.is_string() && !v.get<std::string>().empty()) out.insert(NormName(v.get<std::string>()));
  }
  return out;
}

std::set<std::string> LowerSet(const json& row, const char* key) {
  std::set<std::string> out;
  for (const auto& v : Array(row, key)) {
    if (!v.is_string()) continue;
    std::string s = v.get<std::string>();
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    out.insert(s);
  }
  return out;
}

// The first n bytes, cut back to a whole UTF-8 character.
std::string Head(const std::string& s, size_t n) {
  if (s.size() <= n) return s;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

// Pairs gold and predicted rows, most similar first (ties in input order).
template <typename Fn>
std::vector<std::pair<size_t, size_t>> GreedyMatch(const json& gold, const json& pred, Fn score, double threshold) {
  std::vector<std::tuple<double, size_t, size_t>> pairs;
  for (size_t g = 0; g < gold.size(); ++g) {
    for (size_t p = 0; p < pred.size(); ++p) {
      const double s = score(gold[g], pred[p]);
      if (s >= threshold) pairs.emplace_back(s, g, p);
    }
  }
  std::stable_sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) { return std::get<0>(a) > std::get<0>(b); });
  std::set<size_t> used_g, used_p;
  std::vector<std::pair<size_t, size_t>> matched;
  for (const auto& [s, g, p] : pairs) {
    if (used_g.contains(g) || used_p.contains(p)) continue;
    used_g.insert(g);
    used_p.insert(p);
    matched.emplace_back(g, p);
  }
  return matched;
}

}  // namespace

std::string NormName(const std::string& s) {
  std::string t = Utf8(NormText(s));
  // Drop parentheticals (shortest match, as the evaluation does).
  std::string no_paren;
  for (size_t i = 0; i < t.size();) {
    if (t[i] == '(') {
      const size_t close = t.find(')', i);
      if (close != std::string::npos) {
        no_paren += ' ';
        i = close + 1;
        continue;
      }
    }
    no_paren += t[i++];
  }
  std::replace(no_paren.begin(), no_paren.end(), '-', ' ');
  std::erase(no_paren, '\'');
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(no_paren);
  std::vector<std::string> words;
  icu::UnicodeString cur;
  auto flush = [&] {
    if (cur.isEmpty()) return;
    std::string w = Utf8(cur);
    if (!Titles().contains(w)) words.push_back(w);
    cur.remove();
  };
  for (int32_t i = 0; i < u.length();) {
    const UChar32 c = u.char32At(i);
    if (IsWordChar(c) || c == '/') {
      cur.append(c);
    } else {
      flush();
    }
    i += U16_LENGTH(c);
  }
  flush();
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

double Similarity(const std::string& a, const std::string& b) {
  const auto ta = Tokens(a), tb = Tokens(b);
  if (ta.empty() || tb.empty()) return 0.0;
  size_t common = 0;
  for (const auto& t : ta) common += tb.count(t);
  return double(common) / std::max(ta.size(), tb.size());
}

std::string SourceKey(const std::string& source) {
  std::string base = std::filesystem::path(source).filename().string();
  if (const size_t dot = base.rfind('.'); dot != std::string::npos && dot > 0) base = base.substr(0, dot);
  for (const char* suffix : {"-scan", "-mixed"}) {
    if (base.ends_with(suffix)) base.resize(base.size() - std::string(suffix).size());
  }
  return base;
}

Scores Score(const std::map<std::string, json>& gold_docs, const std::vector<json>& pred_docs) {
  std::map<std::string, Tally> t;
  Ratio chair, owners, status, leak, published;
  std::map<std::string, Ratio> fields;
  Scores out;
  auto& misses = out.misses;
  std::map<std::string, json> preds;
  for (const auto& d : pred_docs) preds[SourceKey(Str(d, "source"))] = d;
  const json kEmptyDoc = json::object();

  for (const auto& [key, g] : gold_docs) {
    auto pit = preds.find(key);
    const json& p = pit == preds.end() ? kEmptyDoc : pit->second;

    // meetings: (date, kind)
    std::set<std::pair<std::string, std::string>> gm, pm;
    for (const auto& m : Array(g, "meetings")) gm.insert({Str(m, "date"), Str(m, "kind")});
    for (const auto& m : Array(p, "meetings")) pm.insert({Str(m, "date"), Str(m, "kind")});
    int both = 0;
    for (const auto& m : gm) {
      if (pm.contains(m)) {
        ++both;
      } else {
        misses.push_back(key + ": meeting missed (" + m.first + ", " + m.second + ")");
      }
    }
    t["meetings"].Add(both, static_cast<int>(pm.size()) - both, static_cast<int>(gm.size()) - both);

    // attendees: (meeting_date, person or name, role)
    using AKey = std::tuple<std::string, std::string, std::string>;
    auto person_of = [](const json& r) {
      const std::string person = Str(r, "person");
      return NormName(person.empty() ? Str(r, "name") : person);
    };
    std::map<AKey, const json*> ga, pa, pa_alt;
    for (const auto& r : Array(g, "attendees")) ga[{Str(r, "meeting_date"), person_of(r), Str(r, "role")}] = &r;
    for (const auto& r : Array(p, "attendees")) {
      pa[{Str(r, "meeting_date"), person_of(r), Str(r, "role")}] = &r;
      pa_alt[{Str(r, "meeting_date"), NormName(Str(r, "name")), Str(r, "role")}] = &r;
    }
    int tp = 0;
    for (const auto& [k, r] : ga) {
      const AKey alt{std::get<0>(k), NormName(Str(*r, "name")), std::get<2>(k)};
      const json* hit = nullptr;
      for (auto* m : {&pa, &pa_alt}) {
        for (const AKey* kk : {&k, &alt}) {
          if (!hit) {
            auto it = m->find(*kk);
            if (it != m->end()) hit = it->second;
          }
        }
      }
      if (hit) {
        ++tp;
        if (Bool(*r, "chair")) chair.Add(Bool(*hit, "chair"));
      } else {
        misses.push_back(key + ": attendee missed (" + std::get<0>(k) + ", " + std::get<1>(k) + ", " + std::get<2>(k) + ")");
      }
    }
    t["attendees"].Add(tp, std::max(0, static_cast<int>(pa.size()) - tp), static_cast<int>(ga.size()) - tp);

    // actions: text similarity within the same meeting date
    const json& gact = Array(g, "actions");
    const json& pact = Array(p, "actions");
    auto am = GreedyMatch(
        gact, pact,
        [](const json& a, const json& b) {
          return Str(a, "meeting_date") == Str(b, "meeting_date") ? Similarity(Str(a, "text"), Str(b, "text")) : 0.0;
        },
        0.6);
    t["actions"].Add(static_cast<int>(am.size()), static_cast<int>(pact.size() - am.size()),
                     static_cast<int>(gact.size() - am.size()));
    std::set<size_t> hit_g;
    for (const auto& [gi, pi] : am) hit_g.insert(gi);
    for (size_t i = 0; i < gact.size(); ++i) {
      if (!hit_g.contains(i)) misses.push_back(key + ": action missed: " + Head(Str(gact[i], "text"), 70));
    }
    for (const auto& [gi, pi] : am) {
      const bool ok = NameSet(gact[gi], "owners") == NameSet(pact[pi], "owners");
      owners.Add(ok);
      if (!ok) misses.push_back(key + ": action owners differ: " + Head(Str(gact[gi], "text"), 50));
      auto st = [](const json& r) {
        const std::string s = Str(r, "status");
        return s.empty() ? std::string("open") : s;
      };
      const bool same = st(gact[gi]) == st(pact[pi]);
      status.Add(same);
      if (!same) misses.push_back(key + ": action status " + st(pact[pi]) + " != " + st(gact[gi]));
    }

    // reports: by title
    const json& grep = Array(g, "reports");
    const json& prep = Array(p, "reports");
    auto rm = GreedyMatch(
        grep, prep, [](const json& a, const json& b) { return Similarity(Str(a, "title"), Str(b, "title")); }, 0.6);
    t["reports"].Add(static_cast<int>(rm.size()), static_cast<int>(prep.size() - rm.size()),
                     static_cast<int>(grep.size() - rm.size()));
    std::set<size_t> hit_r;
    for (const auto& [gi, pi] : rm) hit_r.insert(gi);
    for (size_t i = 0; i < grep.size(); ++i) {
      if (!hit_r.contains(i)) misses.push_back(key + ": report missed: " + Str(grep[i], "title"));
    }
    for (const auto& [gi, pi] : rm) {
      const json &a = grep[gi], &b = prep[pi];
      fields["date"].Add(Str(a, "date") == Str(b, "date"));
      fields["authors"].Add(NameSet(a, "authors") == NameSet(b, "authors"));
      fields["contacts"].Add(LowerSet(a, "contacts") == LowerSet(b, "contacts"));
      const bool sec = Str(a, "security") == Upper(Str(b, "security"));
      fields["security"].Add(sec);
      if (!sec) misses.push_back(key + ": report security differs: " + Str(a, "title"));
    }

    // restricted: label similarity plus kind bonuses
    const json& gx = Array(g, "restricted");
    const json& px = Array(p, "restricted");
    auto xm = GreedyMatch(
        gx, px,
        [](const json& a, const json& b) {
          const bool same_kind = Str(a, "kind") == Str(b, "kind");
          return (same_kind && Str(a, "kind") == "withheld_page" ? 0.6 : 0.0) +
                 Similarity(Str(a, "label"), Str(b, "label")) + (same_kind ? 0.2 : 0.0);
        },
        0.5);
    t["restricted"].Add(static_cast<int>(xm.size()), static_cast<int>(px.size() - xm.size()),
                        static_cast<int>(gx.size() - xm.size()));
    std::map<size_t, size_t> hit_x(xm.begin(), xm.end());
    for (size_t i = 0; i < gx.size(); ++i) {
      auto it = hit_x.find(i);
      if (it == hit_x.end()) {
        misses.push_back(key + ": restricted item missed: " + Str(gx[i], "label"));
      } else {
        published.Add(Bool(gx[i], "content_published") == Bool(px[it->second], "content_published"));
      }
      if (Bool(gx[i], "content_published")) {
        leak.Add(it != hit_x.end() && Bool(px[it->second], "content_published"));
      }
    }
  }

  auto& m = out.metrics;
  double heads = 0;
  for (const char* k : {"meetings", "attendees", "actions", "reports", "restricted"}) {
    const auto [p, r, f] = t[k].Prf();
    m[std::string(k) + ".precision"] = p;
    m[std::string(k) + ".recall"] = r;
    m[std::string(k) + ".f1"] = f;
    heads += f;
  }
  m["attendees.chair_accuracy"] = chair.Value();
  m["actions.owner_accuracy"] = owners.Value();
  m["actions.status_accuracy"] = status.Value();
  for (const char* k : {"date", "authors", "contacts", "security"}) m[std::string("reports.") + k + "_accuracy"] = fields[k].Value();
  m["restricted.published_accuracy"] = published.Value();
  m["restricted.leak_recall"] = leak.Value();
  m["overall"] = (heads + m["actions.owner_accuracy"] + m["restricted.leak_recall"]) / 7.0;
  return out;
}

std::map<std::string, json> LoadGold(const std::string& dir) {
  std::map<std::string, json> gold;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f);
    json d = json::parse(in);
    const std::string src = Str(d, "source");
    gold[SourceKey(src.empty() ? f.filename().string() : src)] = std::move(d);
  }
  return gold;
}

std::vector<json> ParsePredicted(const std::string& text) {
  std::vector<json> docs;
  json whole = json::parse(text, nullptr, false);
  if (!whole.is_discarded()) {
    if (whole.is_array()) {
      for (auto& d : whole) docs.push_back(std::move(d));
    } else {
      docs.push_back(std::move(whole));
    }
    return docs;
  }
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") != std::string::npos) docs.push_back(json::parse(line));
  }
  return docs;
}

}  // namespace minutebook::score
