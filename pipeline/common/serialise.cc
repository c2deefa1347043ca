#include "common/serialise.h"

#include <nlohmann/json.hpp>

namespace minutebook {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Page, number, text, normalised, ocr, ocr_confidence, ocr_reason)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(HiddenText, page, text)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Meeting, date, body, kind, venue, page)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Attendee, meeting_date, name, person, role, chair, minute_taker, page)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Action, meeting_date, text, owners, owners_written, status, item, page)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(RestrictedSpan, page, end_page, first_line, last_line)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Restricted, meeting_date, label, kind, content_published, evidence,
                                                page, end_page, first_line, last_line, label_source, also)
// Report has an optional field, which the macros do not handle.
void to_json(nlohmann::json& j, const Report& r) {
  j = {{"meeting_date", r.meeting_date}, {"title", r.title}, {"date", r.date}, {"authors", r.authors},
       {"contacts", r.contacts}, {"page", r.page}, {"line", r.line}};
  if (r.security) j["security"] = *r.security;
}
void from_json(const nlohmann::json& j, Report& r) {
  r.meeting_date = j.value("meeting_date", "");
  r.title = j.value("title", "");
  r.date = j.value("date", "");
  r.authors = j.value("authors", std::vector<std::string>{});
  r.contacts = j.value("contacts", std::vector<std::string>{});
  r.page = j.value("page", 1);
  r.line = j.value("line", -1);
  if (j.contains("security") && j["security"].is_string()) r.security = j["security"].get<std::string>();
}

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Marking, value, source, page, line)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Extraction, meetings, attendees, actions, reports, restricted,
                                                markings)

std::vector<std::uint8_t> EncodeDocument(const Document& d, const Extraction& x) {
  nlohmann::json j = {{"kind", static_cast<int>(d.kind)}, {"pages", d.pages}, {"warnings", d.warnings},
                      {"hidden_checked", d.hidden_checked}, {"hidden_text", d.hidden_text}, {"extraction", x}};
  return nlohmann::json::to_cbor(j);
}

Result<std::pair<Document, Extraction>> DecodeDocument(const std::vector<std::uint8_t>& bytes) {
  try {
    const auto j = nlohmann::json::from_cbor(bytes);
    Document d;
    d.kind = static_cast<DocumentKind>(j.at("kind").get<int>());
    d.pages = j.at("pages").get<std::vector<Page>>();
    d.warnings = j.at("warnings").get<std::vector<std::string>>();
    d.hidden_checked = j.at("hidden_checked").get<bool>();
    d.hidden_text = j.at("hidden_text").get<std::vector<HiddenText>>();
    return std::pair{std::move(d), j.at("extraction").get<Extraction>()};
  } catch (const nlohmann::json::exception& e) {
    return Fail(ErrorCode::kCorrupt, std::string("bad worker result: ") + e.what());
  }
}

}  // namespace minutebook
