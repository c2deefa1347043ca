#include "audit/audit.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <map>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "audit/internal/substance.h"
#include "common/text.h"
#include "index/index.h"
#include "read/read.h"

namespace minutebook::audit {
namespace {

namespace fs = std::filesystem;

using internal::kSameItem;
using internal::Overlap;
using internal::Words;

// A label shorter than this many words is too generic to look for elsewhere
// ("Update", "AOB").
constexpr size_t kMinLabelWords = 2;
// Lines of page text quoted as evidence.
constexpr int kEvidenceLines = 3;

bool Selected(const std::string& path, const Options& o) {
  if (o.paths.empty()) return true;
  return std::any_of(o.paths.begin(), o.paths.end(), [&](const std::string& p) { return path.starts_with(p); });
}

// The first lines of a page that contain `needle` (or the page's first lines).
std::string EvidenceFrom(const std::string& page_text, const std::string& needle, Words& words) {
  std::vector<std::string> lines = SplitLines(page_text);
  std::erase_if(lines, [](const std::string& l) { return l.find_first_not_of(" \t\r") == std::string::npos; });
  const std::vector<int>& needle_words = words.OfLabel(needle);
  size_t first = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (Overlap(words.Of(lines[i]), needle_words) >= kSameItem) {
      first = i;
      break;
    }
  }
  std::string out;
  for (size_t i = first; i < lines.size() && i < first + kEvidenceLines; ++i) out += (out.empty() ? "" : "\n") + lines[i];
  return out;
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

// The "restricted elsewhere" evidence of each label: every page its phrase
// is on (no limit: one unrestricted copy among thousands is the leak), kept
// where that page's document does not restrict the label and the page
// carries the item's substance (a heading like the label followed by its
// substance: internal::SubstanceByLabel), in path and page order.
// Every page is read once for all labels and each distinct page body worked
// out once (copies of a paper share pages); a label's phrase is looked for
// in the text of the pages that carry its substance, not by a query that
// lists every page with the phrase (most of them mention it only).
Result<std::map<std::string, std::vector<Published>>> PublishedElsewhere(index::Index& index,
                                                                         const index::AuditData& data,
                                                                         const std::vector<std::string>& labels,
                                                                         Words& words) {
  const auto& docs = data.documents;
  internal::LabelIndex label_index(labels);
  // Per distinct body, the labels it has the substance of; per page (as
  // data.pages), its body.
  std::vector<std::vector<std::pair<size_t, std::string>>> bodies;
  std::vector<size_t> body_of_page(data.pages.size(), SIZE_MAX);
  std::unordered_map<std::int64_t, size_t> body_of_first;  // by the first page of the body
  MB_TRY(index.ForEachPageText([&](std::int64_t id, std::int64_t first, const std::string* text) -> Result<void> {
    size_t body = 0;
    if (text) {
      body = bodies.size();
      body_of_first.emplace(id, body);
      auto substances = internal::SubstanceByLabel(*text, label_index);
      // ...where the page has the label's phrase.
      std::vector<std::string> phrases;
      for (const auto& [label, substance] : substances) phrases.push_back(labels[label]);
      MB_ASSIGN(found, index.FindPhrases(*text, phrases));
      std::vector<std::pair<size_t, std::string>> published;
      for (size_t i = 0; i < found.size(); ++i) {
        if (found[i]) published.push_back(std::move(substances[i]));
      }
      bodies.push_back(std::move(published));
    } else {
      body = body_of_first.at(first);
    }
    auto slot = std::lower_bound(data.pages.begin(), data.pages.end(), id,
                                 [](const index::PageSlot& p, std::int64_t v) { return p.id < v; });
    if (slot != data.pages.end() && slot->id == id) body_of_page[static_cast<size_t>(slot - data.pages.begin())] = body;
    return {};
  }));
  // Per label, the pages with its substance: (page, substance), by page.
  std::vector<std::vector<std::pair<size_t, const std::string*>>> substance_on(labels.size());
  for (size_t p = 0; p < data.pages.size(); ++p) {
    if (body_of_page[p] == SIZE_MAX) continue;
    for (const auto& [label, substance] : bodies[body_of_page[p]]) substance_on[label].emplace_back(p, &substance);
  }
  std::map<std::string, std::vector<Published>> out;
  for (size_t l = 0; l < labels.size(); ++l) {
    const std::vector<int>& label_words = words.OfLabel(labels[l]);
    // In path and page order, leaving out documents that restrict the label.
    std::vector<std::pair<const index::PageSlot*, const std::string*>> pages;
    for (const auto& [p, substance] : substance_on[l]) pages.emplace_back(&data.pages[p], substance);
    std::sort(pages.begin(), pages.end(), [](const auto& a, const auto& b) {
      return std::tie(a.first->document, a.first->number) < std::tie(b.first->document, b.first->number);
    });
    std::vector<Published>& published = out[labels[l]];
    int last_document = -1;
    bool restricted_there = false;
    for (const auto& [slot, substance] : pages) {
      const auto& [path, x] = docs[static_cast<size_t>(slot->document)];
      if (slot->document != last_document) {
        last_document = slot->document;
        restricted_there = std::any_of(x.restricted.begin(), x.restricted.end(), [&](const Restricted& o) {
          return Overlap(words.OfLabel(o.label), label_words) >= kSameItem;
        });
      }
      if (restricted_there) continue;
      published.push_back(Published{index::PageRef{path, slot->number}, MeetingDateAt(x, slot->number), *substance});
    }
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
  // One state of the index throughout, whatever an ingest commits meanwhile.
  MB_ASSIGN(snapshot, index.BeginRead());
  MB_ASSIGN(data, index.LoadAuditData());
  const auto& docs = data.documents;
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
  // Where each label is restricted: (document, page), in path order. Many
  // documents restrict the same label (copies, an agenda and its minutes):
  // each label is looked for once, and one finding per published page names
  // every place, not one per pair: copies of a paper would otherwise make the
  // findings grow with the square of the copies (0.9 M at 100,800 pages of
  // copies).
  std::map<std::string, std::vector<std::pair<std::string, int>>> restricted_in;
  Words words;

  for (const auto& [path, x] : docs) {
    if (!Selected(path, options)) continue;

    for (const auto& r : x.restricted) {
      Finding f{Severity::kInfo, "withheld", path, r.page, r.meeting_date, r.label, "", ""};
      if (r.content_published) {
        f.severity = Severity::kLeak;
        f.kind = "leak";
        f.message = fmt::format("restricted {} \"{}\" is published in full", r.kind == "report" ? "report" : "item",
                                r.label);
        f.evidence = r.evidence.empty() ? EvidenceFrom(page_text(path, r.page), r.label, words) : r.evidence;
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
                         EvidenceFrom(page_text(path, m.page), m.value, words)});
          break;
        }
      }
    }

    // The same item elsewhere, without a restriction there. A document
    // restricting the label is never among its Published pages, this one
    // included.
    for (const auto& r : x.restricted) {
      if (words.OfLabel(r.label).size() < kMinLabelWords || r.label_source == "none") continue;
      restricted_in[r.label].emplace_back(path, r.page);
    }

    if (auto status = hidden.find(path); status != hidden.end()) RedactionFindings(status->second, options, out);
  }
  std::vector<std::string> labels;
  for (const auto& [label, places] : restricted_in) labels.push_back(label);
  MB_ASSIGN(published, PublishedElsewhere(index, data, labels, words));
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

namespace {

// A JSON string as nlohmann's dump(..., ensure_ascii false, replace) writes
// it: printable ASCII and its escapes here, a string with any other byte
// (UTF-8, which it checks, other control characters) by nlohmann itself.
void AppendJsonString(std::string& out, const std::string& s) {
  // Per ASCII character, its escape; nullptr where it stands as it is.
  static const std::array<const char*, 128> kEscape = [] {
    std::array<const char*, 128> e{};
    e['"'] = "\\\"";
    e['\\'] = "\\\\";
    e['\n'] = "\\n";
    e['\t'] = "\\t";
    e['\r'] = "\\r";
    e['\b'] = "\\b";
    e['\f'] = "\\f";
    return e;
  }();
  const bool ours = std::all_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x80 && (u >= 0x20 || kEscape[u] != nullptr);
  });
  if (!ours) {
    out += nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  out += '"';
  for (char c : s) {
    if (const char* escape = kEscape[static_cast<unsigned char>(c)]) {
      out += escape;
    } else {
      out += c;
    }
  }
  out += '"';
}

}  // namespace

// What an nlohmann array of the findings as objects gives with dump(2),
// byte for byte (keys in its order), written directly: building that tree
// for 71,200 findings was a quarter of the audit's time (#13).
std::string ToJson(const std::vector<Finding>& findings) {
  if (findings.empty()) return "[]";
  std::string out = "[\n";
  for (size_t i = 0; i < findings.size(); ++i) {
    const Finding& f = findings[i];
    out += i == 0 ? "  {\n" : ",\n  {\n";
    for (const auto& [key, value] : {std::pair{"document", &f.document}, std::pair{"evidence", &f.evidence},
                                     std::pair{"kind", &f.kind}, std::pair{"label", &f.label},
                                     std::pair{"meeting_date", &f.meeting_date}, std::pair{"message", &f.message}}) {
      out += fmt::format("    \"{}\": ", key);
      AppendJsonString(out, *value);
      out += ",\n";
    }
    out += fmt::format("    \"page\": {},\n    \"severity\": \"{}\"\n  }}", f.page, SeverityName(f.severity));
  }
  return out + "\n]";
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
