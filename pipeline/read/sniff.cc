// Content sniffing: magic numbers for what we refuse, "%PDF-" for PDF, and
// the first markup token for HTML. Everything else is text.
#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "read/internal/sniff.h"
#include "read/read.h"

namespace minutebook::read {
namespace internal {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c; }

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (Lower(s[i]) != prefix[i]) return false;
  }
  return true;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view SkipSpace(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && IsSpace(s[i])) ++i;
  return s.substr(i);
}

struct Magic {
  std::size_t offset;
  std::string_view bytes;
  std::string_view message;
};

// Formats people send instead of minutes. Messages say what the file is.
constexpr std::array<Magic, 16> kMagic = {{
    {0, "\x89PNG\r\n\x1a\n", "PNG image, not a document"},
    {0, "\xff\xd8\xff", "JPEG image, not a document"},
    {0, "GIF87a", "GIF image, not a document"},
    {0, "GIF89a", "GIF image, not a document"},
    {0, std::string_view("II*\0", 4), "TIFF image, not a document"},
    {0, std::string_view("MM\0*", 4), "TIFF image, not a document"},
    {8, "WEBP", "WebP image, not a document"},
    {0, std::string_view("\x1f\x8b", 2), "gzip archive, not a document"},
    {0, "BZh", "bzip2 archive, not a document"},
    {0, std::string_view("\xfd" "7zXZ\0", 6), "xz archive, not a document"},
    {0, "7z\xbc\xaf\x27\x1c", "7-Zip archive, not a document"},
    {0, "Rar!\x1a\x07", "RAR archive, not a document"},
    {0, "\x7f" "ELF", "ELF executable, not a document"},
    {0, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE compound file (legacy .doc/.xls/.msg), not supported"},
    {0, "{\\rtf", "RTF document, not supported"},
    {0, "%!PS", "PostScript file, not supported"},
}};

// A ZIP names its first members in local headers near the start, which is
// enough to tell the Office formats apart.
std::string_view ZipMessage(std::string_view head) {
  if (head.find("word/") != std::string_view::npos) return "Word document (DOCX), not supported";
  if (head.find("xl/") != std::string_view::npos) return "Excel workbook (XLSX), not supported";
  if (head.find("ppt/") != std::string_view::npos) return "PowerPoint presentation (PPTX), not supported";
  if (head.find("application/vnd.oasis.opendocument") != std::string_view::npos) {
    return "OpenDocument file, not supported";
  }
  if (head.find("application/epub+zip") != std::string_view::npos) return "EPUB book, not supported";
  return "ZIP archive, not a document";
}

std::optional<std::string_view> KnownBinary(std::string_view head) {
  if (StartsWith(head, "PK\x03\x04") || StartsWith(head, "PK\x05\x06") || StartsWith(head, "PK\x07\x08")) {
    return ZipMessage(head);
  }
  for (const Magic& magic : kMagic) {
    if (head.size() >= magic.offset && StartsWith(head.substr(magic.offset), magic.bytes)) {
      if (magic.bytes == "WEBP" && !StartsWith(head, "RIFF")) continue;
      return magic.message;
    }
  }
  return std::nullopt;
}

// Control characters other than whitespace, form feed and escape are rare
// in text; a file with many of them is binary even without NULs.
bool MostlyControlBytes(std::string_view head) {
  std::size_t controls = 0;
  for (char c : head) {
    auto b = static_cast<unsigned char>(c);
    if (b < 0x20 && !IsSpace(c) && b != 0x1b) ++controls;
  }
  return controls * 20 > head.size();
}

// The ASCII subset of UTF-16 text, enough to look for tags; other
// characters become '?'.
std::string AsciiOfUtf16(std::string_view bytes, bool little_endian) {
  std::string ascii;
  ascii.reserve(bytes.size() / 2);
  for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
    auto lo = static_cast<unsigned char>(bytes[little_endian ? i : i + 1]);
    auto hi = static_cast<unsigned char>(bytes[little_endian ? i + 1 : i]);
    ascii += (hi == 0 && lo < 0x80) ? static_cast<char>(lo) : '?';
  }
  return ascii;
}

// Elements a page of HTML (or an HTML block in Markdown) starts with. Inline
// tags such as <b> are left out: Markdown text may start with one and must
// keep its line breaks.
constexpr std::array<std::string_view, 30> kLeadingTags = {
    "html", "head", "body", "meta", "title", "link", "style", "script", "base", "div",
    "p",    "table", "ul",  "ol",   "dl",    "h1",   "h2",    "h3",     "h4",   "h5",
    "h6",   "section", "article", "header", "footer", "nav", "main", "blockquote", "pre", "center"};

bool StartsWithBlockTag(std::string_view s) {
  if (s.empty() || s[0] != '<') return false;
  s.remove_prefix(1);
  for (std::string_view tag : kLeadingTags) {
    if (StartsWithNoCase(s, tag) && s.size() > tag.size()) {
      char next = s[tag.size()];
      if (next == '>' || next == '/' || IsSpace(next)) return true;
    }
  }
  return false;
}

bool LooksLikeHtml(std::string_view text) {
  if (StartsWith(text, "\xef\xbb\xbf")) text.remove_prefix(3);
  text = SkipSpace(text);
  if (std::size_t front_matter = FrontMatterLength(text); front_matter > 0) {
    text = SkipSpace(text.substr(front_matter));
  }
  // An XML declaration and comments may come before the first element.
  for (int skipped = 0; skipped < 16; ++skipped) {
    std::string_view end_marker;
    if (StartsWith(text, "<?")) {
      end_marker = "?>";
    } else if (StartsWith(text, "<!--")) {
      end_marker = "-->";
    } else {
      break;
    }
    std::size_t end = text.find(end_marker);
    if (end == std::string_view::npos) return false;
    text = SkipSpace(text.substr(end + end_marker.size()));
  }
  return StartsWithNoCase(text, "<!doctype html") || StartsWithBlockTag(text);
}

}  // namespace

TextForm DetectTextForm(std::string_view head) {
  if (StartsWith(head, "\xef\xbb\xbf")) return {UnicodeForm::kBytes, 3, true};
  if (StartsWith(head, "\xff\xfe")) return {UnicodeForm::kUtf16Le, 2, false};
  if (StartsWith(head, "\xfe\xff")) return {UnicodeForm::kUtf16Be, 2, false};
  std::size_t n = std::min<std::size_t>(head.size(), 512) & ~std::size_t{1};
  if (n < 4) return {};
  std::size_t zero_even = 0;
  std::size_t zero_odd = 0;
  for (std::size_t i = 0; i < n; i += 2) {
    zero_even += head[i] == '\0';
    zero_odd += head[i + 1] == '\0';
  }
  std::size_t units = n / 2;
  // Latin text: the high byte of almost every code unit is zero, the low
  // byte almost never.
  if (zero_odd * 10 >= units * 7 && zero_even * 10 <= units) return {UnicodeForm::kUtf16Le, 0, false};
  if (zero_even * 10 >= units * 7 && zero_odd * 10 <= units) return {UnicodeForm::kUtf16Be, 0, false};
  return {};
}

std::size_t FrontMatterLength(std::string_view text) {
  auto line_end = [&](std::size_t from) {
    std::size_t eol = text.find('\n', from);
    return eol == std::string_view::npos ? text.size() : eol;
  };
  auto is_fence = [&](std::size_t from, std::size_t to, bool closing) {
    std::string_view line = text.substr(from, to - from);
    while (!line.empty() && IsSpace(line.back())) line.remove_suffix(1);
    return line == "---" || (closing && line == "...");
  };
  std::size_t first_end = line_end(0);
  if (first_end == text.size() || !is_fence(0, first_end, false)) return 0;
  for (std::size_t start = first_end + 1; start < text.size();) {
    std::size_t end = line_end(start);
    if (is_fence(start, end, true)) return end == text.size() ? end : end + 1;
    start = end + 1;
  }
  return 0;
}

}  // namespace internal

Result<DocumentKind> Sniff(std::string_view head) {
  using internal::UnicodeForm;
  if (head.empty()) return Fail(ErrorCode::kUnsupported, "empty file");
  head = head.substr(0, internal::kSniffBytes);
  if (std::optional<std::string_view> binary = internal::KnownBinary(head)) {
    return Fail(ErrorCode::kUnsupported, std::string(*binary));
  }
  if (head.substr(0, internal::kPdfHeaderWindow).find("%PDF-") != std::string_view::npos) {
    return DocumentKind::kPdf;
  }
  internal::TextForm form = internal::DetectTextForm(head);
  if (form.form != UnicodeForm::kBytes) {
    std::string ascii = internal::AsciiOfUtf16(head.substr(form.bom_length), form.form == UnicodeForm::kUtf16Le);
    return internal::LooksLikeHtml(ascii) ? DocumentKind::kHtml : DocumentKind::kText;
  }
  if (head.find('\0') != std::string_view::npos || internal::MostlyControlBytes(head)) {
    return Fail(ErrorCode::kUnsupported, "binary data, not a text document");
  }
  return internal::LooksLikeHtml(head) ? DocumentKind::kHtml : DocumentKind::kText;
}

}  // namespace minutebook::read
