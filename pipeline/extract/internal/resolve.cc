#include "extract/internal/resolve.h"

#include <cctype>

#include "extract/internal/names.h"

namespace minutebook::extract::internal {
namespace {

std::vector<std::string> KeyWords(std::string_view name) {
  std::vector<std::string> out;
  std::string key = NameKey(name);
  size_t pos = 0;
  while (pos < key.size()) {
    size_t sp = key.find(' ', pos);
    out.push_back(key.substr(pos, sp == std::string::npos ? std::string::npos : sp - pos));
    if (sp == std::string::npos) break;
    pos = sp + 1;
  }
  return out;
}

bool IsInitials(std::string_view ref) {
  if (ref.size() < 2 || ref.size() > 4) return false;
  for (unsigned char c : ref) {
    if (!std::isupper(c)) return false;
  }
  return true;
}

std::string Capitalised(std::string_view w) {
  std::string out(w);
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

bool FirstNamesCompatible(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return false;
  if (a == b) return true;
  if (a.size() == 1 || b.size() == 1) return a[0] == b[0];
  if (a.size() < 3 || b.size() < 3) return false;
  return a.substr(0, b.size()) == b || b.substr(0, a.size()) == a || EndsWith(a, b) || EndsWith(b, a);
}

void PersonPool::AddEntry(std::string_view name, bool from_email) {
  std::vector<std::string> words = KeyWords(name);
  if (words.size() < 2) return;
  for (Entry& e : entries_) {
    if (e.words == words) {
      if (e.from_email && !from_email) {
        e.name = std::string(name);
        e.from_email = false;
      }
      return;
    }
  }
  entries_.push_back(Entry{std::string(name), std::move(words), from_email});
}

void PersonPool::Add(std::string_view full_name) { AddEntry(full_name, false); }

void PersonPool::AddEmail(std::string_view email) {
  std::string_view local = email.substr(0, email.find('@'));
  size_t dot = local.find('.');
  if (dot == std::string_view::npos || local.find('.', dot + 1) != std::string_view::npos) return;
  std::string first(local.substr(0, dot));
  std::string last(local.substr(dot + 1));
  while (!last.empty() && std::isdigit(static_cast<unsigned char>(last.back()))) last.pop_back();
  if (first.size() < 2 || last.size() < 2) return;
  for (char& c : first) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (char& c : last) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  AddEntry(Capitalised(first) + " " + Capitalised(last), true);
}

std::vector<std::string> PersonPool::names() const {
  std::vector<std::string> out;
  for (const Entry& e : entries_) out.push_back(e.name);
  return out;
}

std::optional<std::string> PersonPool::Resolve(std::string_view ref, bool titled, Resolution* kind) const {
  Resolution unused;
  Resolution& result = kind != nullptr ? *kind : unused;
  result = Resolution::kNone;
  std::vector<std::string> words = KeyWords(ref);
  if (words.empty()) return std::nullopt;
  auto pick = [&](const std::vector<const Entry*>& found) -> std::optional<std::string> {
    if (found.size() == 1) {
      result = Resolution::kUnique;
      return found[0]->name;
    }
    if (found.size() > 1) result = Resolution::kAmbiguous;
    return std::nullopt;
  };
  std::vector<const Entry*> found;
  for (const Entry& e : entries_) {
    if (e.words == words) found.push_back(&e);
  }
  if (!found.empty()) return pick(found);

  if (words.size() >= 2) {
    // Same surname, compatible first name: "Steven Calder", "O. Williams", "Matt Feather".
    for (const Entry& e : entries_) {
      if (e.words.back() == words.back() && FirstNamesCompatible(words.front(), e.words.front())) found.push_back(&e);
    }
    return pick(found);
  }

  const std::string& w = words[0];
  if (!titled && IsInitials(ref)) {
    for (const Entry& e : entries_) {
      std::string initials;
      for (const auto& x : e.words) initials += x[0];
      if (initials == w) found.push_back(&e);
    }
    return pick(found);
  }
  if (titled) {
    for (const Entry& e : entries_) {
      if (e.words.back() == w) found.push_back(&e);
    }
    return pick(found);
  }
  // A first name alone: exact first names first, then short/long forms.
  for (const Entry& e : entries_) {
    if (e.words.front() == w) found.push_back(&e);
  }
  if (!found.empty()) return pick(found);
  for (const Entry& e : entries_) {
    if (w.size() >= 3 && e.words.front().size() >= 3 && FirstNamesCompatible(w, e.words.front())) found.push_back(&e);
  }
  return pick(found);
}

}  // namespace minutebook::extract::internal
