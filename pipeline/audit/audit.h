// Audit stage: proves that restricted items were not published, and reports
// per document what extraction may have missed (Coverage). Works on
// what the index holds (restricted items, cover sheets, markings, page text,
// and the text hidden under filled boxes that ingest found in each PDF: a
// failed redaction). Only a PDF that was indexed without that check, or an
// explicit recheck, makes it render pages.
#ifndef MINUTEBOOK_AUDIT_AUDIT_H_
#define MINUTEBOOK_AUDIT_AUDIT_H_

#include <map>
#include <string>
#include <vector>

#include "common/result.h"

namespace minutebook::index {
class Index;
}

namespace minutebook::audit {

// Ordered from most to least severe.
enum class Severity { kLeak, kInconsistent, kWarning, kInfo };
const char* SeverityName(Severity severity);

struct Finding {
  Severity severity = Severity::kInfo;
  // leak | failed_redaction | security_mismatch | restricted_elsewhere |
  // missing_security | redaction_unchecked | withheld_page | withheld
  std::string kind;
  std::string document;
  int page = 0;
  std::string meeting_date;
  std::string label;     // the item, report or page concerned
  std::string message;   // one line for people
  std::string evidence;  // the first lines of the published text, if any
};

struct Options {
  // Only documents whose path starts with one of these (absolute, normalised).
  // Default: empty = every document in the index.
  std::vector<std::string> paths;
  // Report text hidden under filled boxes in PDFs (failed_redaction), as
  // ingest found it. A PDF indexed without that check (an index made before
  // the check existed) is checked now when its file exists, else reported
  // as a redaction_unchecked warning. Default: true.
  bool check_redactions = true;
  // With check_redactions: render every PDF that still exists on disk again
  // instead of using what ingest found (slow: every page of every PDF, on one
  // thread). A PDF whose file is gone keeps its stored findings. Default: false.
  bool recheck = false;
  // With check_redactions: check a PDF indexed without the check from its
  // file when it exists. false: report it as redaction_unchecked without
  // rendering (the web page, which must answer quickly). Default: true.
  bool render_unchecked = true;
};

// Findings sorted by severity, then document and page.
Result<std::vector<Finding>> Run(index::Index& index, const Options& options);

enum class FailOn { kNever, kLeak, kInconsistent, kAny };
// True when a finding at or above the class exists (kAny: a leak,
// inconsistency or warning; withheld items are info and never fail).
bool ShouldFail(const std::vector<Finding>& findings, FailOn fail_on);

std::string ToJson(const std::vector<Finding>& findings);
// One self-contained HTML file (no external assets): a summary by severity,
// then every finding with its evidence.
std::string ToHtml(const std::vector<Finding>& findings, const std::string& title);

// --- Coverage: what extraction found in each document, and what looks missed.

struct CoverageFlag {
  // minutes_without_date | minutes_without_attendance | restricted_without_title |
  // garbage_text | not_ocrd | low_ocr_confidence | no_extraction
  std::string flag;
  int page = 0;  // 0: the document as a whole
  std::string message;  // one line for people
};

struct CoverageRow {
  std::string document;
  int pages = 0;
  int ocr_pages = 0;
  std::map<std::string, int> ocr_reasons;  // Page::ocr_reason -> pages
  int meetings = 0;
  int attendees = 0;
  int actions = 0;
  int reports = 0;
  int restricted = 0;
  std::vector<CoverageFlag> flags;
};

// A row per document (Options::paths limits them; check_redactions is not
// used), flagged rows first (most flags first), then by path.
Result<std::vector<CoverageRow>> Coverage(index::Index& index, const Options& options);
std::string CoverageToJson(const std::vector<CoverageRow>& rows);
// A line per document, its flags indented below it, and a count.
std::string CoverageToText(const std::vector<CoverageRow>& rows);

}  // namespace minutebook::audit

#endif  // MINUTEBOOK_AUDIT_AUDIT_H_
