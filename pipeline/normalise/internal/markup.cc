#include "normalise/internal/markup.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>

namespace minutebook::normalise::internal {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Letters and digits, counting every byte of a non-ASCII character as one.
bool IsWordByte(char c) {
  return IsAsciiAlpha(c) || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80;
}

bool IsAsciiPunct(char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
         (c >= '{' && c <= '~');
}

// Inline tags whose content stays; only these are removed so that text such
// as "<5 years" or "<Officer name>" is left alone.
bool IsInlineTag(std::string_view name) {
  static constexpr std::array<std::string_view, 20> kTags = {
      "a",   "b",    "big",  "code", "del",   "em",     "font", "i",   "ins", "mark",
      "s",   "small", "span", "strike", "strong", "sub", "sup",  "tt",  "u",   "br"};
  for (std::string_view tag : kTags) {
    if (tag == name) return true;
  }
  return false;
}

// "|---|:--:|", and the empty header row some converters write ("- |  |  |").
bool IsTableSeparator(std::string_view line) {
  bool bar = false;
  for (char c : line) {
    if (c == '|') {
      bar = true;
    } else if (c != '-' && c != ':' && !IsBlank(c)) {
      return false;
    }
  }
  return bar;
}

// Builds output lines, collapsing whitespace as it goes, and decides the
// hyphenation join when a line is complete (it needs the next line's start).
class LineWriter {
 public:
  explicit LineWriter(std::string& out) : out_(out) {}

  void Char(char c) {
    if (pending_ws_ != 0) {
      line_ += pending_ws_;
      pending_ws_ = 0;
    }
    line_ += c;
  }

  // Characters without whitespace or markup.
  void Append(std::string_view run) {
    if (pending_ws_ != 0) {
      line_ += pending_ws_;
      pending_ws_ = 0;
    }
    line_ += run;
  }

  void Space(bool tab) {
    if (tab) {
      pending_ws_ = '\t';
    } else if (pending_ws_ == 0) {
      pending_ws_ = ' ';
    }
  }

  void EndLine() {
    pending_ws_ = 0;  // trailing whitespace is dropped
    if (first_) {
      out_ += line_;
      first_ = false;
    } else if (join_ && StartsWithAlnum()) {
      std::string_view rest = line_;
      if (IsBlank(rest.front())) rest.remove_prefix(1);
      if (drop_hyphen_ && StartsWithLower(rest)) out_.pop_back();
      out_ += rest;
    } else {
      out_ += '\n';
      out_ += line_;
    }
    line_.clear();
    UpdateJoin();
  }

 private:
  bool StartsWithAlnum() const {
    std::string_view rest = line_;
    if (!rest.empty() && IsBlank(rest.front())) rest.remove_prefix(1);
    if (rest.empty()) return false;
    UChar32 c = FirstCodePoint(rest);
    return u_isalpha(c) || u_isdigit(c);
  }

  static bool StartsWithLower(std::string_view s) { return !s.empty() && u_islower(FirstCodePoint(s)); }

  static UChar32 FirstCodePoint(std::string_view s) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
    int32_t i = 0;
    UChar32 c;
    U8_NEXT(p, i, static_cast<int32_t>(std::min<std::size_t>(s.size(), 4)), c);
    return c < 0 ? 0xFFFD : c;
  }

  // Looks at the end of out_: "<letter or digit>-" makes the next line a
  // join candidate; " -" (a dash as punctuation) does not.
  void UpdateJoin() {
    join_ = false;
    drop_hyphen_ = false;
    std::size_t n = out_.size();
    if (n < 2 || out_[n - 1] != '-') return;
    const auto* p = reinterpret_cast<const std::uint8_t*>(out_.data());
    // U8_PREV needs a start bound; four bytes back is enough for one code point.
    int32_t start = static_cast<int32_t>(n >= 6 ? n - 6 : 0);
    int32_t i = static_cast<int32_t>(n - 1) - start;
    UChar32 c;
    U8_PREV(p + start, 0, i, c);
    if (u_isalpha(c)) {
      join_ = true;
      drop_hyphen_ = true;
    } else if (u_isdigit(c)) {
      join_ = true;
    }
  }

  std::string& out_;
  std::string line_;
  char pending_ws_ = 0;  // 0, ' ' or '\t'
  bool first_ = true;
  bool join_ = false;
  bool drop_hyphen_ = false;
};

// Returns the index just past a removable tag starting at line[i] == '<', or
// 0 when it is not one. *is_break is set for <br>.
std::size_t MatchTag(std::string_view line, std::size_t i, bool* is_break) {
  std::size_t j = i + 1;
  bool closing = j < line.size() && line[j] == '/';
  if (closing) ++j;
  std::size_t name_start = j;
  std::array<char, 8> name{};
  while (j < line.size() && IsAsciiAlpha(line[j])) {
    if (j - name_start >= name.size()) return 0;
    name[j - name_start] = static_cast<char>(line[j] | 0x20);
    ++j;
  }
  std::size_t name_len = j - name_start;
  if (name_len == 0 || j >= line.size()) return 0;
  if (line[j] != '>' && line[j] != '/' && !IsBlank(line[j])) return 0;
  std::string_view lowered(name.data(), name_len);
  if (!IsInlineTag(lowered)) return 0;
  std::size_t close = line.find('>', j);
  if (close == std::string_view::npos) return 0;
  *is_break = lowered == "br";
  return close + 1;
}

bool IsEscape(std::string_view s, std::size_t i) {
  return s[i] == '\\' && i + 1 < s.size() && IsAsciiPunct(s[i + 1]);
}

// Inline stage 1: tags removed, <br> turned into '\n'. Escape pairs are
// copied as they are, so "\<b>" is not a tag.
void RemoveTags(std::string_view line, std::string& out) {
  for (std::size_t i = 0; i < line.size();) {
    if (IsEscape(line, i)) {
      out.append(line.substr(i, 2));
      i += 2;
      continue;
    }
    if (line[i] == '<') {
      bool is_break = false;
      if (std::size_t next = MatchTag(line, i, &is_break); next != 0) {
        if (is_break) out += '\n';
        i = next;
        continue;
      }
    }
    out += line[i++];
  }
}

// Inline stage 2, after tags so that "*<b>*" cannot leave a "**" behind:
// bold markers removed. Escape pairs are copied as they are.
void RemoveBoldMarkers(std::string_view line, std::string& out) {
  for (std::size_t i = 0; i < line.size();) {
    if (IsEscape(line, i)) {
      out.append(line.substr(i, 2));
      i += 2;
      continue;
    }
    char c = line[i];
    if (c != '*' && c != '_') {
      out += c;
      ++i;
      continue;
    }
    std::size_t run = 1;
    while (i + run < line.size() && line[i + run] == c) ++run;
    bool marker = c == '*' ? (run >= 2 && run <= 4) : (run == 2);
    bool after_text = !out.empty() && !IsBlank(out.back()) && out.back() != '\n';
    bool before_text = i + run < line.size() && !IsBlank(line[i + run]) && line[i + run] != '\n';
    bool between_words = after_text && before_text && IsWordByte(out.back()) && IsWordByte(line[i + run]);
    if (c == '_' && between_words) marker = false;  // snake__case: not emphasis in Markdown either
    if (!marker) {
      out.append(run, c);
    } else if (between_words || (run == 4 && after_text && before_text)) {
      // "1:00 pm**Venue:**", "**Title****Date:**": converters glue a bold
      // span to the previous line's text; the marker stood for a break.
      out += ' ';
    }
    i += run;
  }
}

// Structure, on a line without inline markup: table rows, separator rows,
// heading markers, escapes and whitespace.
void WriteLine(std::string_view line, LineWriter& w) {
  if (IsTableSeparator(line)) {
    w.EndLine();
    return;
  }
  std::size_t i = 0;
  std::size_t end = line.size();
  // ATX heading markers: "## Title" -> "Title"; "#1" and "#<TAB>" (a table
  // cell holding "#") stay.
  for (;;) {
    std::size_t k = i;
    while (k < end && IsBlank(line[k])) ++k;
    std::size_t hashes = k;
    while (hashes < end && line[hashes] == '#' && hashes - k < 6) ++hashes;
    if (hashes == k || (hashes < end && line[hashes] != ' ')) break;
    while (hashes < end && IsBlank(line[hashes])) ++hashes;
    i = hashes;
  }
  std::size_t first = i;
  while (first < end && IsBlank(line[first])) ++first;
  bool table = first < end && line[first] == '|';
  if (table) {
    // Cells are separated by TABs; the outer bars and the row's indentation go.
    i = first + 1;
    while (i < end && IsBlank(line[i])) ++i;
    std::size_t last = end;
    while (last > i && IsBlank(line[last - 1])) --last;
    if (last > i && line[last - 1] == '|' && !(last >= 2 && line[last - 2] == '\\')) end = last - 1;
  }
  line = line.substr(0, end);
  while (i < end) {
    char c = line[i];
    if (IsEscape(line, i)) {
      w.Char(line[i + 1]);
      i += 2;
    } else if (IsBlank(c) || (table && c == '|')) {
      w.Space(c != ' ');
      ++i;
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      if (c == '\f' || c == '\v') w.Space(false);
      ++i;
    } else {
      std::size_t run = i + 1;
      while (run < end && !IsBlank(line[run]) && line[run] != '|' && line[run] != '\\' &&
             static_cast<unsigned char>(line[run]) >= 0x20 && line[run] != 0x7f) {
        ++run;
      }
      w.Append(line.substr(i, run - i));
      i = run;
    }
  }
  w.EndLine();
}

// Per-line buffers, reused across the lines of one call.
struct Scratch {
  std::string untagged;
  std::string unbolded;
};

void CleanLine(std::string_view line, LineWriter& w, Scratch& scratch) {
  // Most lines hold no markup: skip the copies then. (A plain loop: string
  // find_first_of calls memchr once per byte.)
  bool tags = false;
  bool bold = false;
  for (char c : line) {
    tags |= c == '<' || c == '\\';
    bold |= c == '*' || c == '_';
  }
  if (tags) {
    scratch.untagged.clear();
    RemoveTags(line, scratch.untagged);
    line = scratch.untagged;
  }
  if (bold) {
    scratch.unbolded.clear();
    RemoveBoldMarkers(line, scratch.unbolded);
    line = scratch.unbolded;
  }
  std::string_view rest = line;
  for (;;) {
    std::size_t br = rest.find('\n');
    WriteLine(rest.substr(0, br), w);
    if (br == std::string_view::npos) break;
    rest.remove_prefix(br + 1);
  }
}

}  // namespace

std::string CleanLines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  LineWriter writer(out);
  Scratch scratch;
  std::size_t start = 0;
  for (;;) {
    std::size_t eol = start;
    while (eol < text.size() && text[eol] != '\n' && text[eol] != '\r') ++eol;
    if (eol == text.size()) {
      CleanLine(text.substr(start), writer, scratch);
      break;
    }
    CleanLine(text.substr(start, eol - start), writer, scratch);
    start = eol + 1;
    if (text[eol] == '\r' && start < text.size() && text[start] == '\n') ++start;
  }
  return out;
}

}  // namespace minutebook::normalise::internal
