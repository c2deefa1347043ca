#include "common/gold_json.h"

#include <nlohmann/json.hpp>

namespace minutebook {

std::string ToGoldJson(const Extraction& x, const std::string& source, int indent) {
  using nlohmann::json;
  json doc = {{"source", source},
              {"meetings", json::array()},
              {"attendees", json::array()},
              {"actions", json::array()},
              {"reports", json::array()},
              {"restricted", json::array()}};
  for (const auto& m : x.meetings) {
    doc["meetings"].push_back(
        {{"date", m.date}, {"body", m.body}, {"kind", m.kind}, {"venue", m.venue}, {"page", m.page}});
  }
  for (const auto& a : x.attendees) {
    doc["attendees"].push_back({{"meeting_date", a.meeting_date},
                                {"name", a.name},
                                {"person", a.person.empty() ? a.name : a.person},
                                {"role", a.role},
                                {"chair", a.chair},
                                {"minute_taker", a.minute_taker},
                                {"page", a.page}});
  }
  for (const auto& a : x.actions) {
    doc["actions"].push_back({{"meeting_date", a.meeting_date},
                              {"text", a.text},
                              {"owners", a.owners},
                              {"owners_written", a.owners_written},
                              {"status", a.status},
                              {"item", a.item},
                              {"page", a.page}});
  }
  for (const auto& r : x.reports) {
    doc["reports"].push_back({{"meeting_date", r.meeting_date},
                              {"title", r.title},
                              {"date", r.date},
                              {"authors", r.authors},
                              {"contacts", r.contacts},
                              {"security", r.security ? json(*r.security) : json(nullptr)},
                              {"page", r.page}});
  }
  for (const auto& r : x.restricted) {
    doc["restricted"].push_back({{"meeting_date", r.meeting_date},
                                 {"label", r.label},
                                 {"kind", r.kind},
                                 {"content_published", r.content_published},
                                 {"evidence", r.evidence},
                                 {"page", r.page}});
  }
  // Replace invalid UTF-8 rather than throw: the export must never die on one bad string.
  return doc.dump(indent, ' ', false, json::error_handler_t::replace);
}

}  // namespace minutebook
