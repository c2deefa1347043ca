#include "cli/csv.h"

#include <initializer_list>

namespace minutebook::cli {
namespace {

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : "; ") + s;
  return out;
}

void Row(std::ostream& out, std::initializer_list<std::string_view> fields) {
  bool first = true;
  for (auto f : fields) {
    if (!first) out << ',';
    out << CsvField(f);
    first = false;
  }
  out << "\r\n";
}

}  // namespace

std::string CsvField(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

void WriteCsv(std::ostream& out, const std::string& what,
              const std::vector<std::pair<std::string, Extraction>>& documents) {
  if (what == "attendees") {
    Row(out, {"document", "meeting_date", "name", "person", "role", "chair", "minute_taker", "page"});
    for (const auto& [path, x] : documents) {
      for (const auto& a : x.attendees) {
        Row(out, {path, a.meeting_date, a.name, a.person, a.role, a.chair ? "yes" : "no", a.minute_taker ? "yes" : "no",
                  std::to_string(a.page)});
      }
    }
  } else if (what == "meetings") {
    Row(out, {"document", "date", "kind", "body", "venue", "page"});
    for (const auto& [path, x] : documents) {
      for (const auto& m : x.meetings) Row(out, {path, m.date, m.kind, m.body, m.venue, std::to_string(m.page)});
    }
  } else if (what == "reports") {
    Row(out, {"document", "meeting_date", "title", "date", "authors", "contacts", "security", "page"});
    for (const auto& [path, x] : documents) {
      for (const auto& r : x.reports) {
        Row(out, {path, r.meeting_date, r.title, r.date, Join(r.authors), Join(r.contacts), r.security.value_or(""),
                  std::to_string(r.page)});
      }
    }
  } else if (what == "restricted") {
    Row(out, {"document", "meeting_date", "label", "kind", "content_published", "page"});
    for (const auto& [path, x] : documents) {
      for (const auto& r : x.restricted) {
        Row(out, {path, r.meeting_date, r.label, r.kind, r.content_published ? "yes" : "no", std::to_string(r.page)});
      }
    }
  } else {
    Row(out, {"document", "meeting_date", "text", "owners", "status", "item", "page"});
    for (const auto& [path, x] : documents) {
      for (const auto& a : x.actions) {
        Row(out, {path, a.meeting_date, a.text, Join(a.owners), a.status, a.item, std::to_string(a.page)});
      }
    }
  }
}

}  // namespace minutebook::cli
