// The vocabulary the stages exchange: a read document (pages of text) and
// what extraction found in it. Plain structs, no third-party types.
#ifndef MINUTEBOOK_COMMON_MODEL_H_
#define MINUTEBOOK_COMMON_MODEL_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace minutebook {

enum class DocumentKind { kText, kHtml, kPdf };
const char* DocumentKindName(DocumentKind kind);

struct Page {
  int number = 1;            // 1-based, as printed by a PDF viewer
  std::string text;          // as read (UTF-8), kept for display
  // Matching form, filled by the normalise stage; empty when it equals
  // `text` (one copy of a page in memory, not two: a 20,000-page PDF).
  std::string normalised;
  bool ocr = false;          // text came from OCR, not a text layer
  double ocr_confidence = -1;  // Tesseract mean confidence 0..100; -1 if not OCR'd
  // Why the text layer was not used (ocr::OcrReasonName): "" when it was;
  // no_text, unmapped_glyphs, garbage_text, or requested (--ocr always). Set
  // even when OCR then failed, so that the page still shows as unread.
  std::string ocr_reason;
};

// OCR'd pages below this Tesseract mean confidence are listed by ingest and
// flagged by coverage: below it, names and dates are often misread.
inline constexpr double kLowOcrConfidence = 70.0;

// Text in a PDF's text layer that a filled box or an image paints over: a
// reader sees a black bar while copy-and-paste (and search) get the words,
// i.e. a failed redaction.
struct HiddenText {
  int page = 1;
  std::string text;  // the covered words of one line, in order
  bool operator==(const HiddenText&) const = default;
};

struct Document {
  DocumentKind kind = DocumentKind::kText;
  // The file's name (no folder), set by ingest. Extraction reads a date in it
  // only as the last resort, for a heading that gives no year.
  std::string name;
  // Metadata the file carries apart from its text: "title" (a PDF's Info
  // Title). Front matter and an HTML <title> stay in the text itself.
  std::vector<std::pair<std::string, std::string>> metadata;
  std::vector<Page> pages;
  std::vector<std::string> warnings;  // non-fatal problems (e.g. invalid bytes replaced)
  // Set by the PDF reader when read::Options::check_hidden_text asked for
  // the check; hidden_text is then complete (empty: nothing hidden). Never
  // set for text and HTML, which cannot hide text under a box.
  bool hidden_checked = false;
  std::vector<HiddenText> hidden_text;  // in page order
};

// --- Extraction results; field meanings follow GOLD-FORMAT.md. ---

struct Meeting {
  std::string date;  // ISO yyyy-mm-dd
  std::string body;
  std::string kind;  // "agenda" or "minutes"
  std::string venue;
  int page = 1;
};

struct Attendee {
  std::string meeting_date;
  std::string name;    // as written, without parentheticals
  std::string person;  // canonical name where knowable, else == name
  std::string role;    // present | additional | apologies | minute_taker
  bool chair = false;
  bool minute_taker = false;
  int page = 1;
};

struct Action {
  std::string meeting_date;
  std::string text;
  std::vector<std::string> owners;          // canonical names or a group as written
  std::vector<std::string> owners_written;  // as the minutes wrote them
  std::string status = "open";  // open | closed | completed | outstanding
  std::string item;             // item number/title it sits under, if known
  int page = 1;
};

struct Report {
  std::string meeting_date;
  std::string title;
  std::string date;  // ISO, or yyyy-mm when only a month is written
  std::vector<std::string> authors;
  std::vector<std::string> contacts;
  std::optional<std::string> security;  // upper-case marking, none when not written
  int page = 1;
  int line = -1;  // 0-based line of the cover sheet on its page; -1 not known
};

// Where a restricted item's text runs (see Restricted).
struct RestrictedSpan {
  int page = 1;
  int end_page = 0;
  int first_line = -1;
  int last_line = -1;
};

struct Restricted {
  std::string meeting_date;
  std::string label;
  std::string kind;  // agenda_item | report | withheld_page
  bool content_published = false;
  std::string evidence;  // first lines of published text, for the audit
  int page = 1;
  // Where the item's text runs, so a public index can leave it out: lines
  // first_line..last_line (0-based lines of page.normalised) from `page` to
  // end_page. first_line < 0: not known (a public index then drops the page).
  int end_page = 0;
  int first_line = -1;
  int last_line = -1;
  // How the label was found: "title" (the item's own title), "heading" (the
  // nearest heading-like line above a restriction note), "none" (no title:
  // the label is "(unlabelled restricted item)").
  std::string label_source = "title";
  // Other places the same item is written (an agenda row, then its minute):
  // one record, every place withheld from a public index. Not stored.
  std::vector<RestrictedSpan> also;
};

// A security marking written on a page: a cover sheet's Security field, a
// bracketed marking such as "[Unprotected]", or a header/footer
// classification. The audit compares them with the cover sheet's value.
struct Marking {
  std::string value;   // upper-case, brackets removed: UNPROTECTED, OFFICIAL-SENSITIVE, ...
  std::string source;  // "cover" | "inline" | "header"
  int page = 1;
  int line = -1;  // 0-based line on its page; -1 not known (a cover's Security field)
};

struct Extraction {
  std::vector<Meeting> meetings;
  std::vector<Attendee> attendees;
  std::vector<Action> actions;
  std::vector<Report> reports;
  std::vector<Restricted> restricted;
  std::vector<Marking> markings;
};

}  // namespace minutebook

#endif  // MINUTEBOOK_COMMON_MODEL_H_
