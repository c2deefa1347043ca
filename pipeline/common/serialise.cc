#include "common/serialise.h"

#include <cstddef>
#include <stdexcept>
#include <string_view>

#include <nlohmann/json.hpp>

namespace minutebook {

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

namespace {

// Page, less its text: the text goes in the tail, the head keeps its lengths.
nlohmann::json PageHead(const Page& p) {
  return {{"number", p.number},
          {"text_bytes", p.text.size()},
          {"normalised_bytes", p.normalised.size()},
          {"ocr", p.ocr},
          {"ocr_confidence", p.ocr_confidence},
          {"ocr_reason", p.ocr_reason}};
}

// A message's head length and head, with room for a tail of tail_bytes:
// the one writer of the framing that SplitHeadAndTail reads.
std::vector<std::uint8_t> HeadFirst(std::span<const std::uint8_t> head, size_t tail_bytes) {
  std::vector<std::uint8_t> out;
  out.reserve(4 + head.size() + tail_bytes);
  const auto n = static_cast<std::uint32_t>(head.size());
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(n >> (8 * i)));
  out.insert(out.end(), head.begin(), head.end());
  return out;
}

}  // namespace

std::vector<std::uint8_t> JoinHeadAndTail(std::span<const std::uint8_t> head, std::string_view tail) {
  std::vector<std::uint8_t> out = HeadFirst(head, tail.size());
  out.insert(out.end(), tail.begin(), tail.end());
  return out;
}

Result<HeadAndTail> SplitHeadAndTail(std::span<const std::uint8_t> message) {
  if (message.size() < 4) return Fail(ErrorCode::kCorrupt, "message shorter than its head's length");
  std::uint64_t n = 0;
  for (int i = 0; i < 4; ++i) n |= std::uint64_t{message[static_cast<size_t>(i)]} << (8 * i);
  if (n > message.size() - 4) return Fail(ErrorCode::kCorrupt, "head runs past the end of the message");
  const std::span<const std::uint8_t> tail = message.subspan(4 + n);
  return HeadAndTail{message.subspan(4, n), std::string_view(reinterpret_cast<const char*>(tail.data()), tail.size())};
}

std::vector<std::uint8_t> EncodeDocument(const Document& d, const Extraction& x) {
  nlohmann::json pages = nlohmann::json::array();
  size_t text_bytes = 0;
  for (const Page& p : d.pages) {
    pages.push_back(PageHead(p));
    text_bytes += p.text.size() + p.normalised.size();
  }
  const nlohmann::json j = {{"kind", static_cast<int>(d.kind)}, {"pages", std::move(pages)},
                            {"warnings", d.warnings},          {"hidden_checked", d.hidden_checked},
                            {"hidden_text", d.hidden_text},    {"extraction", x}};
  // The texts are appended in place, not joined from a copy of them all.
  std::vector<std::uint8_t> out = HeadFirst(nlohmann::json::to_cbor(j), text_bytes);
  for (const Page& p : d.pages) {
    out.insert(out.end(), p.text.begin(), p.text.end());
    out.insert(out.end(), p.normalised.begin(), p.normalised.end());
  }
  return out;
}

Result<std::pair<Document, Extraction>> DecodeDocument(std::span<const std::uint8_t> bytes) {
  MB_ASSIGN(parts, SplitHeadAndTail(bytes));
  try {
    const auto j = nlohmann::json::from_cbor(parts.head);
    Document d;
    d.kind = static_cast<DocumentKind>(j.at("kind").get<int>());
    std::string_view tail = parts.tail;
    auto take = [&](const nlohmann::json& page, const char* key) {
      const size_t n = page.at(key).get<size_t>();
      if (n > tail.size()) throw std::out_of_range("page text runs past the end of the message");
      std::string text(tail.substr(0, n));
      tail.remove_prefix(n);
      return text;
    };
    for (const auto& p : j.at("pages")) {
      Page page;
      page.number = p.at("number").get<int>();
      page.text = take(p, "text_bytes");
      page.normalised = take(p, "normalised_bytes");
      page.ocr = p.at("ocr").get<bool>();
      page.ocr_confidence = p.at("ocr_confidence").get<double>();
      page.ocr_reason = p.at("ocr_reason").get<std::string>();
      d.pages.push_back(std::move(page));
    }
    if (!tail.empty()) return Fail(ErrorCode::kCorrupt, "bad worker result: bytes after the last page's text");
    d.warnings = j.at("warnings").get<std::vector<std::string>>();
    d.hidden_checked = j.at("hidden_checked").get<bool>();
    d.hidden_text = j.at("hidden_text").get<std::vector<HiddenText>>();
    return std::pair{std::move(d), j.at("extraction").get<Extraction>()};
  } catch (const nlohmann::json::exception& e) {
    return Fail(ErrorCode::kCorrupt, std::string("bad worker result: ") + e.what());
  } catch (const std::out_of_range& e) {
    return Fail(ErrorCode::kCorrupt, std::string("bad worker result: ") + e.what());
  }
}

Result<std::pair<Document, Extraction>> DecodeDocument(const std::vector<std::uint8_t>& bytes) {
  return DecodeDocument(std::span<const std::uint8_t>(bytes));
}

}  // namespace minutebook
