#include "audit/audit.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/text.h"
#include "index/index.h"
#include "read/read.h"

namespace minutebook::audit {
namespace {

namespace fs = std::filesystem;

// Two labels name the same item when this share of their words agree.
constexpr double kSameItem = 0.6;
// A label shorter than this many words is too generic to look for elsewhere
// ("Update", "AOB").
constexpr size_t kMinLabelWords = 2;
// Text under a heading that counts as an item's substance, not a mention.
constexpr size_t kMinSubstanceChars = 200;
// Lines of page text quoted as evidence.
constexpr int kEvidenceLines = 3;

bool Selected(const std::string& path, const Options& o) {
  if (o.paths.empty()) return true;
  return std::any_of(o.paths.begin(), o.paths.end(), [&](const std::string& p) { return path.starts_with(p); });
}

// The first lines of a page that contain `needle` (or the page's first lines).
std::string EvidenceFrom(const std::string& page_text, const std::string& needle) {
  std::vector<std::string> lines = SplitLines(page_text);
  std::erase_if(lines, [](const std::string& l) { return l.find_first_not_of(" \t\r") == std::string::npos; });
  size_t first = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (WordOverlap(lines[i], needle) >= kSameItem) {
      first = i;
      break;
    }
  }
  std::string out;
  for (size_t i = first; i < lines.size() && i < first + kEvidenceLines; ++i) out += (out.empty() ? "" : "\n") + lines[i];
  return out;
}

// "3. Parks", "10) Budget", "Item 4 Prevent", "- v) Strategy": where the
// next item or sub-item starts.
bool NumberedHeading(const std::string& line) {
  size_t i = line.find_first_not_of(" \t");
  if (i == std::string::npos) return false;
  if (line.compare(i, 2, "- ") == 0) i = line.find_first_not_of(" \t", i + 2);
  if (i == std::string::npos) return false;
  if (line.compare(i, 5, "Item ") == 0 || line.compare(i, 5, "ITEM ") == 0) return true;
  const size_t start = i;
  while (i < line.size() && std::isdigit(static_cast<unsigned char>(line[i]))) ++i;
  if (i > start && i - start <= 3) {
    while (i < line.size() && (line[i] == '.' || line[i] == ')' || std::isdigit(static_cast<unsigned char>(line[i])))) ++i;
    return i < line.size() && (line[i] == ' ' || line[i] == '\t');
  }
  // Roman numerals or a letter closed by ')': "iv)", "b)".
  while (i < line.size() && i - start < 5 && std::strchr("ivxlcabcdefgh", std::tolower(static_cast<unsigned char>(line[i])))) ++i;
  return i > start && i < line.size() && line[i] == ')';
}

// WordOverlap of two texts from their WordSets, made once.
double Overlap(const std::set<std::string>& a, const std::set<std::string>& b) {
  if (a.empty() || b.empty()) return 0.0;
  size_t common = 0;
  for (const auto& t : a) common += b.count(t);
  return static_cast<double>(common) / static_cast<double>(std::max(a.size(), b.size()));
}

// Where a page carries an item under this label (given by its WordSet) as a
// heading followed by its substance, the first lines of that substance; ""
// when the page only mentions the label (an agenda list, a forward plan, a
// sentence).
std::string SubstanceUnder(const std::string& page_text, const std::set<std::string>& label_words) {
  const auto lines = SplitLines(page_text);
  for (size_t i = 0; i < lines.size(); ++i) {
    const auto words = WordSet(lines[i]);
    if (words.empty() || words.size() > label_words.size() + 4 || Overlap(words, label_words) < kSameItem) continue;
    std::string body;
    int blank_run = 0;
    for (size_t k = i + 1; k < lines.size(); ++k) {
      const bool blank = lines[k].find_first_not_of(" \t\r") == std::string::npos;
      if (NumberedHeading(lines[k]) || (blank && ++blank_run >= 2)) break;
      if (blank) continue;
      blank_run = 0;
      body += (body.empty() ? "" : "\n") + lines[k];
    }
    if (body.size() >= kMinSubstanceChars) return body.substr(0, 400);
  }
  return {};
}

std::string FtsPhrase(const std::string& label) {
  std::string q = "\"";
  for (char c : label) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

// Markings that may stand for one another on a cover and inside a report.
std::string Canonical(std::string value) {
  std::transform(value.begin(), value.end(), value.begin(), [](unsigned char c) { return std::toupper(c); });
  std::erase_if(value, [](char c) { return c == '[' || c == ']' || c == '(' || c == ')'; });
  return value;
}

// The latest meeting of a document starting on or before `page` (as search
// gives it with a hit); "" when none.
std::string MeetingDateAt(const Extraction& x, int page) {
  const Meeting* best = nullptr;
  for (const auto& m : x.meetings) {
    if (m.page <= page && (best == nullptr || m.page >= best->page)) best = &m;
  }
  return best ? best->date : "";
}

// A page where a restricted label's item is published with its substance,
// in a document that does not restrict it.
struct Published {
  index::PageRef where;
  std::string meeting_date;
  std::string substance;
};

// WordSets of labels, each made once: a label is compared with the labels
// of every document its phrase is found in.
class LabelWords {
 public:
  const std::set<std::string>& Of(const std::string& label) {
    auto it = sets_.find(label);
    if (it == sets_.end()) it = sets_.emplace(label, WordSet(label)).first;
    return it->second;
  }

 private:
  std::unordered_map<std::string, std::set<std::string>> sets_;
};

// The "restricted elsewhere" evidence of one label: every page its phrase is
// on (no limit: one unrestricted copy among thousands is the leak), kept
// where that page's document does not restrict the label and the page
// carries the item's substance. Documents not in `at` are ignored.
Result<std::vector<Published>> PublishedElsewhere(index::Index& index, const std::string& label,
                                                  const std::vector<std::pair<std::string, Extraction>>& docs,
                                                  const std::unordered_map<std::string, size_t>& at,
                                                  LabelWords& words) {
  MB_ASSIGN(hits, index.MatchPages(FtsPhrase(label)));
  std::sort(hits.begin(), hits.end(), [](const index::PageRef& a, const index::PageRef& b) {
    return std::tie(a.path, a.page) < std::tie(b.path, b.page);
  });
  const std::set<std::string>& label_words = words.Of(label);
  // Copies of a paper share pages: the substance of each distinct text is
  // worked out once.
  std::unordered_map<std::string, std::string> substance_of;
  std::vector<Published> out;
  const std::string* last_path = nullptr;
  bool restricted_there = false;
  for (const auto& h : hits) {
    auto other = at.find(h.path);
    if (other == at.end()) continue;
    const Extraction& x = docs[other->second].second;
    if (last_path == nullptr || *last_path != h.path) {
      last_path = &h.path;
      restricted_there = std::any_of(x.restricted.begin(), x.restricted.end(), [&](const Restricted& o) {
        return Overlap(words.Of(o.label), label_words) >= kSameItem;
      });
    }
    if (restricted_there) continue;
    MB_ASSIGN(text, index.PageText(h.path, h.page));
    std::string page = text.value_or("");
    auto known = substance_of.find(page);
    if (known == substance_of.end()) {
      std::string substance = SubstanceUnder(page, label_words);
      known = substance_of.emplace(std::move(page), std::move(substance)).first;
    }
    if (known->second.empty()) continue;
    out.push_back(Published{h, MeetingDateAt(x, h.page), known->second});
  }
  return out;
}

Finding FailedRedaction(const std::string& path, const HiddenText& h) {
  return {Severity::kLeak, "failed_redaction", path, h.page, "", h.text,
          fmt::format("text under a filled box on page {} can still be read", h.page), h.text};
}

// A PDF whose hidden-text check is stored (or rendered again with
// options.recheck), or, when the index has no check of it (indexed before
// the check existed), rendered now if its file is at hand, else reported:
// an unknown is never silence.
void RedactionFindings(const index::HiddenTextStatus& status, const Options& options, std::vector<Finding>& out) {
  const std::string& path = status.path;
  std::error_code ec;
  if ((options.recheck || (!status.checked && options.render_unchecked)) && fs::exists(path, ec)) {
    auto hidden = read::FindHiddenText(path);
    if (hidden) {
      for (const auto& h : *hidden) out.push_back(FailedRedaction(path, h));
      return;
    }
    if (!status.checked) {
      out.push_back({Severity::kWarning, "redaction_unchecked", path, 0, "", "",
                     fmt::format("not checked for text under filled boxes: {}", hidden.error().message), ""});
      return;
    }
  }
  if (status.checked) {
    for (const auto& h : status.found) out.push_back(FailedRedaction(path, h));
    return;
  }
  out.push_back({Severity::kWarning, "redaction_unchecked", path, 0, "", "",
                 options.render_unchecked
                     ? "not checked for text under filled boxes: indexed by an older minutebook and the file is "
                       "gone; ingest it again"
                     : "not checked for text under filled boxes: indexed by an older minutebook; ingest it again "
                       "or run minutebook audit",
                 ""});
}

}  // namespace

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kLeak: return "leak";
    case Severity::kInconsistent: return "inconsistent";
    case Severity::kWarning: return "warning";
    case Severity::kInfo: return "info";
  }
  return "info";
}

Result<std::vector<Finding>> Run(index::Index& index, const Options& options) {
  MB_ASSIGN(docs, index.LoadExtractions());
  std::unordered_map<std::string, size_t> at;
  for (size_t i = 0; i < docs.size(); ++i) at.emplace(docs[i].first, i);
  std::map<std::string, index::HiddenTextStatus> hidden;
  if (options.check_redactions) {
    MB_ASSIGN(statuses, index.LoadHiddenText());
    for (auto& s : statuses) {
      if (s.kind == DocumentKindName(DocumentKind::kPdf)) hidden.emplace(s.path, std::move(s));
    }
  }
  std::vector<Finding> out;
  auto page_text = [&](const std::string& path, int page) -> std::string {
    auto text = index.PageText(path, page);
    return text && *text ? std::move(**text) : std::string();
  };
  // Many documents restrict the same label (copies, an agenda and its
  // minutes): each label is looked for once.
  std::map<std::string, std::vector<Published>> published;
  // ...and where it is restricted: (document, page), in path order. One
  // finding per published page names them all, not one per pair: copies of
  // a paper would otherwise make the findings grow with the square of the
  // copies (0.9 M at 100,800 pages of copies).
  std::map<std::string, std::vector<std::pair<std::string, int>>> restricted_in;
  LabelWords label_words;

  for (const auto& [path, x] : docs) {
    if (!Selected(path, options)) continue;

    for (const auto& r : x.restricted) {
      Finding f{Severity::kInfo, "withheld", path, r.page, r.meeting_date, r.label, "", ""};
      if (r.content_published) {
        f.severity = Severity::kLeak;
        f.kind = "leak";
        f.message = fmt::format("restricted {} \"{}\" is published in full", r.kind == "report" ? "report" : "item",
                                r.label);
        f.evidence = r.evidence.empty() ? EvidenceFrom(page_text(path, r.page), r.label) : r.evidence;
      } else if (r.kind == "withheld_page") {
        f.kind = "withheld_page";
        f.message = fmt::format("page withheld: \"{}\"", r.label);
      } else {
        f.message = fmt::format("restricted item \"{}\" is withheld", r.label);
      }
      out.push_back(std::move(f));
    }

    // Cover sheets: no Security value, or a value that the report's own pages contradict.
    for (size_t i = 0; i < x.reports.size(); ++i) {
      const Report& rep = x.reports[i];
      if (!rep.security) {
        out.push_back({Severity::kWarning, "missing_security", path, rep.page, rep.meeting_date, rep.title,
                       fmt::format("report \"{}\" has no Security marking on its cover sheet", rep.title), ""});
        continue;
      }
      // The report runs from its cover to the next cover, by (page, line).
      auto pos = [](int page, int line) { return static_cast<long long>(page) * 1000000 + std::max(line, 0); };
      const long long start = pos(rep.page, rep.line);
      long long end = pos(1 << 20, 0);
      bool same_page_unknown_order = false;
      for (const auto& other : x.reports) {
        if (&other == &rep) continue;
        const long long at_other = pos(other.page, other.line);
        if (at_other > start) end = std::min(end, at_other);
        if (other.page == rep.page && (other.line < 0 || rep.line < 0)) same_page_unknown_order = true;
      }
      for (const auto& m : x.markings) {
        if (m.source == "cover") continue;
        const long long at_marking = pos(m.page, m.line);
        if (at_marking <= start || at_marking >= end) continue;
        // Without line numbers, a marking on a page shared by two covers belongs to neither for sure.
        if (m.page == rep.page && (m.line < 0 || same_page_unknown_order)) continue;
        if (Canonical(m.value) != Canonical(*rep.security)) {
          out.push_back({Severity::kInconsistent, "security_mismatch", path, m.page, rep.meeting_date, rep.title,
                         fmt::format("report \"{}\" has Security {} on its cover but is marked {} on page {}",
                                     rep.title, *rep.security, m.value, m.page),
                         EvidenceFrom(page_text(path, m.page), m.value)});
          break;
        }
      }
    }

    // The same item elsewhere, without a restriction there. A document
    // restricting the label is never among its Published pages, this one
    // included.
    for (const auto& r : x.restricted) {
      if (WordSet(r.label).size() < kMinLabelWords || r.label_source == "none") continue;
      auto it = published.find(r.label);
      if (it == published.end()) {
        MB_ASSIGN(found, PublishedElsewhere(index, r.label, docs, at, label_words));
        it = published.emplace(r.label, std::move(found)).first;
      }
      restricted_in[r.label].emplace_back(path, r.page);
    }

    if (auto status = hidden.find(path); status != hidden.end()) RedactionFindings(status->second, options, out);
  }
  for (const auto& [label, places] : restricted_in) {
    const auto& [first_path, first_page] = places.front();
    const std::string more =
        places.size() > 1 ? fmt::format(" and {} other place{}", places.size() - 1, places.size() > 2 ? "s" : "") : "";
    for (const auto& p : published[label]) {
      out.push_back({Severity::kInconsistent, "restricted_elsewhere", p.where.path, p.where.page, p.meeting_date, label,
                     fmt::format("\"{}\" is restricted in {} (p. {}){} but published here", label,
                                 fs::path(first_path).filename().string(), first_page, more),
                     p.substance});
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.severity, a.document, a.page) < std::tie(b.severity, b.document, b.page);
  });
  return out;
}

bool ShouldFail(const std::vector<Finding>& findings, FailOn fail_on) {
  Severity threshold = Severity::kLeak;
  switch (fail_on) {
    case FailOn::kNever: return false;
    case FailOn::kLeak: threshold = Severity::kLeak; break;
    case FailOn::kInconsistent: threshold = Severity::kInconsistent; break;
    case FailOn::kAny: threshold = Severity::kWarning; break;
  }
  return std::any_of(findings.begin(), findings.end(), [&](const Finding& f) { return f.severity <= threshold; });
}

std::string ToJson(const std::vector<Finding>& findings) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& f : findings) {
    out.push_back({{"severity", SeverityName(f.severity)}, {"kind", f.kind}, {"document", f.document},
                   {"page", f.page}, {"meeting_date", f.meeting_date}, {"label", f.label},
                   {"message", f.message}, {"evidence", f.evidence}});
  }
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string ToHtml(const std::vector<Finding>& findings, const std::string& title) {
  std::map<Severity, int> counts;
  for (const auto& f : findings) ++counts[f.severity];
  std::string h = fmt::format(R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{0}</title>
<style>
body{{font-family:system-ui,sans-serif;margin:2em;max-width:70em}}
table{{border-collapse:collapse}} td,th{{border:1px solid #bbb;padding:.3em .6em;text-align:left}}
.leak{{background:#fdd}} .inconsistent{{background:#fed}} .warning{{background:#ffd}} .info{{background:#eef}}
pre{{white-space:pre-wrap;background:#f6f6f6;padding:.5em}}
</style></head><body>
<h1>{0}</h1>
<h2>Summary</h2>
<table><tr><th>severity</th><th>findings</th></tr>
)",
                              HtmlEscape(title));
  for (Severity s : {Severity::kLeak, Severity::kInconsistent, Severity::kWarning, Severity::kInfo}) {
    h += fmt::format("<tr class=\"{0}\"><td>{0}</td><td>{1}</td></tr>\n", SeverityName(s), counts[s]);
  }
  h += "</table>\n<h2>Findings</h2>\n";
  for (const auto& f : findings) {
    h += fmt::format("<div class=\"finding {0}\"><h3>{0}: {1}</h3>\n<p>{2}</p>\n<p>{3}, page {4}{5}</p>\n",
                     SeverityName(f.severity), HtmlEscape(f.kind), HtmlEscape(f.message), HtmlEscape(f.document),
                     f.page, f.meeting_date.empty() ? "" : ", meeting " + HtmlEscape(f.meeting_date));
    if (!f.evidence.empty()) h += "<pre>" + HtmlEscape(f.evidence) + "</pre>\n";
    h += "</div>\n";
  }
  h += "</body></html>\n";
  return h;
}

}  // namespace minutebook::audit
