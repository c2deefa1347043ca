#include "extract/extract.h"

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
constexpr const char kCodeVersion[] = "extract-1";

// Groups the passes rely on: a rules folder without one of them is incomplete.
constexpr const char* kRequiredGroups[] = {
    "date",          "noise",          "heading",        "mtg_datetime", "mtg_marker",   "mtg_minutes_of",
    "mtg_venue",     "mtg_next",       "att_label",      "att_prose",    "att_mark",     "title",
    "postnominal",   "role_word",      "act_lead",       "act_status",   "act_state",    "act_owner",
    "rep_field",     "email",          "marking",        "rx_title",     "rx_body",      "rx_withheld",
    "rx_exempt",     "rx_no_exempt",   "not_substance",  "marking_line"};

class RuleExtractor final : public Extractor {
 public:
  explicit RuleExtractor(std::unique_ptr<RuleSet> rules)
      : rules_(std::move(rules)), version_(std::string(kCodeVersion) + "/" + rules_->version()) {}

  std::string version() const override { return version_; }

  Extraction Process(const Document& document) const override {
    DocContext doc(*rules_, internal::SplitLines(document));
    internal::MarkNoise(doc);
    internal::FindMeetings(doc);
    internal::FindCoverSheets(doc);
    internal::AssignMeetings(doc);
    internal::FindAttendees(doc);
    Extraction x;
    x.actions = internal::FindActions(doc);
    internal::FindMarkings(doc);
    x.restricted = internal::FindRestricted(doc);
    for (const auto& m : doc.markings) x.markings.push_back(Marking{m.value, m.source, m.page});
    x.meetings = doc.meetings;
    x.attendees = doc.attendees;
    for (const auto& sheet : doc.sheets) {
      Report r = sheet.report;
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
};

}  // namespace

Result<std::unique_ptr<Extractor>> Extractor::Create(const Options& options) {
  auto rules = RuleSet::LoadDir(options.rules_dir);
  if (!rules) return std::unexpected(rules.error());
  for (const char* group : kRequiredGroups) {
    if ((*rules)->group(group).empty())
      return Fail(ErrorCode::kInvalidArgument, "rules in " + options.rules_dir + " have no rule in group '" + group + "'");
  }
  return std::unique_ptr<Extractor>(new RuleExtractor(std::move(*rules)));
}

}  // namespace minutebook::extract
