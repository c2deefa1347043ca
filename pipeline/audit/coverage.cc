// Coverage: a row per document of what extraction found, and flags for what
// looks missed, so that the few papers to read by hand out of thousands come
// first.
#include <algorithm>
#include <cctype>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "audit/audit.h"
#include "common/text.h"
#include "index/index.h"

namespace minutebook::audit {
namespace {

// Lines at the top of a paper that name what it is ("MINUTES of a meeting").
constexpr int kHeaderLines = 15;

bool HasWord(const std::string& text, std::string_view word) {
  return WordSet(text).contains(std::string(word));
}

// A paper without a meeting found looks like minutes when its header says so.
bool HeaderSaysMinutes(const Page& first) {
  int n = 0;
  for (const std::string& line : SplitLines(first.normalised.empty() ? first.text : first.normalised)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (HasWord(line, "minutes")) return true;
    if (++n >= kHeaderLines) break;
  }
  return false;
}

std::string ReasonText(const std::string& reason) {
  std::string out = reason;
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

}  // namespace

Result<std::vector<CoverageRow>> Coverage(index::Index& index, const Options& options) {
  MB_ASSIGN(docs, index.LoadExtractions());
  MB_ASSIGN(status, index.LoadPageStatus());
  std::vector<CoverageRow> rows;
  for (const auto& [path, x] : docs) {
    if (!options.paths.empty() &&
        std::none_of(options.paths.begin(), options.paths.end(), [&](const std::string& p) { return path.starts_with(p); }))
      continue;
    CoverageRow row;
    row.document = path;
    row.meetings = static_cast<int>(x.meetings.size());
    row.attendees = static_cast<int>(x.attendees.size());
    row.actions = static_cast<int>(x.actions.size());
    row.reports = static_cast<int>(x.reports.size());
    row.restricted = static_cast<int>(x.restricted.size());
    auto flag = [&](const char* name, int page, std::string message) {
      row.flags.push_back(CoverageFlag{name, page, std::move(message)});
    };

    if (auto it = status.find(path); it != status.end()) {
      row.pages = static_cast<int>(it->second.size());
      for (const Page& p : it->second) {
        if (p.ocr) ++row.ocr_pages;
        if (!p.ocr_reason.empty()) ++row.ocr_reasons[p.ocr_reason];
        if (p.ocr_reason == "garbage_text") {
          flag("garbage_text", p.number,
               fmt::format("page {}: the text layer reads as no language{}", p.number,
                           p.ocr ? "; OCR'd instead" : " and was not OCR'd"));
        } else if (!p.ocr_reason.empty() && p.ocr_reason != "requested" && !p.ocr) {
          flag("not_ocrd", p.number, fmt::format("page {}: {} and was not OCR'd", p.number, ReasonText(p.ocr_reason)));
        }
        if (p.ocr && p.ocr_confidence >= 0 && p.ocr_confidence < kLowOcrConfidence) {
          flag("low_ocr_confidence", p.number,
               fmt::format("page {}: OCR confidence {:.0f} (floor {:.0f})", p.number, p.ocr_confidence,
                           kLowOcrConfidence));
        }
      }
    }

    for (const Meeting& m : x.meetings) {
      if (m.kind != "minutes") continue;
      if (m.date.empty()) {
        flag("minutes_without_date", m.page, fmt::format("minutes on page {} have no meeting date", m.page));
        continue;
      }
      const bool attended = std::any_of(x.attendees.begin(), x.attendees.end(),
                                        [&](const Attendee& a) { return a.meeting_date == m.date; });
      if (!attended)
        flag("minutes_without_attendance", m.page,
             fmt::format("minutes of {} (page {}) have no attendance list", m.date, m.page));
    }
    if (x.meetings.empty()) {
      auto pages = index.LoadPages(path);
      if (pages && !pages->empty() && HeaderSaysMinutes(pages->front()))
        flag("minutes_without_date", 1, "the paper's header says minutes, but no meeting date was found");
    }
    for (const Restricted& r : x.restricted) {
      if (r.label_source == "none")
        flag("restricted_without_title", r.page,
             fmt::format("page {}: a restriction marker with no item title found", r.page));
    }
    if (row.meetings + row.attendees + row.actions + row.reports + row.restricted == 0)
      flag("no_extraction", 0, "nothing was extracted from this document");
    rows.push_back(std::move(row));
  }
  // Flagged first, the most flags at the top; then by path.
  std::stable_sort(rows.begin(), rows.end(), [](const CoverageRow& a, const CoverageRow& b) {
    return a.flags.size() > b.flags.size();
  });
  return rows;
}

std::string CoverageToJson(const std::vector<CoverageRow>& rows) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : rows) {
    nlohmann::json flags = nlohmann::json::array();
    for (const auto& f : r.flags) flags.push_back({{"flag", f.flag}, {"page", f.page}, {"message", f.message}});
    out.push_back({{"document", r.document},
                   {"pages", r.pages},
                   {"ocr_pages", r.ocr_pages},
                   {"ocr_reasons", r.ocr_reasons},
                   {"meetings", r.meetings},
                   {"attendees", r.attendees},
                   {"actions", r.actions},
                   {"reports", r.reports},
                   {"restricted", r.restricted},
                   {"flags", flags}});
  }
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string CoverageToText(const std::vector<CoverageRow>& rows) {
  std::string out;
  int flagged = 0;
  for (const auto& r : rows) {
    std::string ocr;
    for (const auto& [reason, n] : r.ocr_reasons) ocr += fmt::format("{}{} {}", ocr.empty() ? "" : ", ", n, ReasonText(reason));
    out += fmt::format("{} {}: {} meetings, {} attendees, {} actions, {} reports, {} restricted; {} pages, {} OCR'd{}\n",
                       r.flags.empty() ? " " : "!", r.document, r.meetings, r.attendees, r.actions, r.reports,
                       r.restricted, r.pages, r.ocr_pages, ocr.empty() ? "" : " (" + ocr + ")");
    for (const auto& f : r.flags) out += fmt::format("    {}: {}\n", f.flag, f.message);
    if (!r.flags.empty()) ++flagged;
  }
  out += fmt::format("{} documents, {} flagged\n", rows.size(), flagged);
  return out;
}

}  // namespace minutebook::audit
