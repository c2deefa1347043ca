#include "extract/extract.h"

#include <future>
#include <utility>

#include "extract/internal/doc.h"
#include "extract/internal/lines.h"
#include "extract/internal/rules.h"

namespace minutebook::extract {
namespace {

using internal::DocContext;
using internal::RuleSet;

// Bump when the extraction code changes what it stores; the rule files carry
// their own digest.
constexpr const char kCodeVersion[] = "extract-2";

// Every group the passes use: a rules folder without one of them is incomplete.
constexpr const char* kRequiredGroups[] = {
    "act_context", "act_implicit", "act_item_marker", "act_lead", "act_owner", "act_owner_column", "act_owner_line",
    "act_section", "act_state", "act_status", "act_table_header", "act_trailing", "att_code", "att_label", "att_mark",
    "att_prose", "att_table_header", "date", "email", "heading", "known_label", "kv_field_label", "marking", "marking_line",
    "mtg_date_label", "mtg_datetime", "mtg_evidence", "mtg_generic", "mtg_held", "mtg_marker",
    "mtg_minutes_of", "mtg_next", "mtg_ordinal", "mtg_time_label", "mtg_title_block", "mtg_title_open", "mtg_agenda_evidence", "mtg_venue", "noise", "not_substance",
    "not_verb", "postnominal", "rep_body", "rep_contacts", "rep_field", "role_word", "rx_body", "rx_exempt",
    "rx_exempt_marker", "rx_no_exempt", "rx_private", "rx_row_tail", "rx_title", "rx_withheld", "title",
};

class RuleExtractor final : public Extractor {
 public:
  // rules are parsed; compiled holds the outcome of compiling them (already
  // known, or on its way from a background thread).
  RuleExtractor(std::unique_ptr<RuleSet> rules, std::shared_future<Result<void>> compiled)
      : rules_(std::move(rules)),
        version_(std::string(kCodeVersion) + "/" + rules_->version()),
        compiled_(std::move(compiled)) {}
  // A background compilation still running must not outlive the rules it reads.
  ~RuleExtractor() override { compiled_.wait(); }

  std::string version() const override { return version_; }
  Result<void> Ready() const override { return compiled_.get(); }

  Extraction Process(const Document& document) const override {
    DocContext doc(*rules_, internal::SplitLines(document));
    doc.hints = internal::ReadHints(document);
    internal::MarkNoise(doc);
    internal::FindMeetings(doc);
    internal::FindCoverSheets(doc);
    internal::AssignMeetings(doc);
    internal::FindAttendees(doc);
    Extraction x;
    x.actions = internal::FindActions(doc);
    internal::FindMarkings(doc);
    x.restricted = internal::FindRestricted(doc);
    for (const auto& m : doc.markings) {
      const int line = m.line >= 0 ? doc.lines[static_cast<size_t>(m.line)].source_line : -1;
      x.markings.push_back(Marking{m.value, m.source, m.page, line});
    }
    x.meetings = doc.meetings;
    x.attendees = doc.attendees;
    for (const auto& sheet : doc.sheets) {
      Report r = sheet.report;
      r.line = doc.lines[static_cast<size_t>(sheet.first)].source_line;
      // A pack's reports belong to the meeting the pack convenes.
      r.meeting_date = doc.pack >= 0 ? doc.meetings[static_cast<size_t>(doc.pack)].date : doc.MeetingDate(sheet.first);
      if (r.meeting_date.empty()) r.meeting_date = sheet.to_date;
      x.reports.push_back(std::move(r));
    }
    return x;
  }

 private:
  std::unique_ptr<RuleSet> rules_;
  std::string version_;
  std::shared_future<Result<void>> compiled_;
};

}  // namespace

Result<std::unique_ptr<Extractor>> Extractor::Create(const Options& options) {
  MB_ASSIGN(sources, RuleSet::ReadDir(options.rules_dir));
  MB_ASSIGN(rules, RuleSet::Parse(sources));
  if (!options.compile_in_background) MB_TRY(rules->Compile());
  for (const char* group : kRequiredGroups) {
    if (rules->group(group).empty())
      return Fail(ErrorCode::kInvalidArgument, "rules in " + options.rules_dir + " have no rule in group '" + group + "'");
  }
  std::shared_future<Result<void>> compiled;
  if (options.compile_in_background) {
    const RuleSet* set = rules.get();
    compiled = std::async(std::launch::async, [set] { return set->Compile(); }).share();
  } else {
    std::promise<Result<void>> done;
    done.set_value(Result<void>{});
    compiled = done.get_future().share();
  }
  return std::unique_ptr<Extractor>(new RuleExtractor(std::move(rules), std::move(compiled)));
}

}  // namespace minutebook::extract
