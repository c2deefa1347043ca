#include "audit/audit.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "audit/internal/substance.h"
#include "common/text.h"
#include "index/index.h"
#include "read/read.h"
#include "support/pdf.h"

namespace minutebook::audit {
namespace {

namespace fs = std::filesystem;

// A one-page PDF whose content stream is `content` (Helvetica as /F1), with a
// correct cross-reference table.
std::string MakePdf(const std::string& content) { return minutebook::testing::OnePageHelveticaPdf(content); }

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("mb_audit_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto index = index::Index::Open((dir_ / "a.db").string());
    ASSERT_TRUE(index) << index.error().message;
    index_ = std::move(*index);
  }
  void TearDown() override {
    index_.reset();
    fs::remove_all(dir_);
  }

  void Put(const std::string& path, std::vector<std::string> pages, Extraction x) {
    index::DocumentRecord r;
    r.path = path;
    r.sha256 = path;
    int n = 1;
    for (auto& p : pages) r.document.pages.push_back(Page{n++, p, p});
    r.extraction = std::move(x);
    ASSERT_TRUE(index_->Put(r));
  }

  // A PDF as ingest stores it; `checked` false: indexed before the check.
  void PutPdf(const std::string& path, bool checked, std::vector<HiddenText> found) {
    index::DocumentRecord r;
    r.path = path;
    r.sha256 = path;
    r.document.kind = DocumentKind::kPdf;
    r.document.pages.push_back(Page{1, "Public paragraph about parks", "Public paragraph about parks"});
    r.document.hidden_checked = checked;
    r.document.hidden_text = std::move(found);
    ASSERT_TRUE(index_->Put(r));
  }

  // A PDF on disk with one line under a black box.
  std::string WriteRedactedPdf(const std::string& name) {
    const fs::path pdf = dir_ / name;
    std::ofstream(pdf, std::ios::binary) << MakePdf(
        "BT /F1 12 Tf 72 700 Td (Public paragraph about parks) Tj ET\n"
        "BT /F1 12 Tf 72 650 Td (Victim named Jane Example) Tj ET\n"
        "0 0 0 rg 66 640 250 26 re f\n");
    return pdf.string();
  }

  std::vector<Finding> Audit(Options o = {}) {
    auto f = audit::Run(*index_, o);
    EXPECT_TRUE(f) << f.error().message;
    return f ? *f : std::vector<Finding>{};
  }

  static int Count(const std::vector<Finding>& fs, const std::string& kind) {
    return static_cast<int>(std::count_if(fs.begin(), fs.end(), [&](const Finding& f) { return f.kind == kind; }));
  }

  fs::path dir_;
  std::unique_ptr<index::Index> index_;
};

TEST_F(AuditTest, PublishedRestrictedItemIsALeakWithEvidence) {
  Extraction x;
  x.restricted.push_back({"2023-06-28", "Domestic Homicide Review Update", "agenda_item", true, "", 2});
  x.restricted.push_back({"2023-06-28", "Prevent Update", "withheld_page", false, "", 3});
  Put("/p/pack.txt", {"agenda", "RESTRICTED: Domestic Homicide Review Update\nThe review found that the victim", "x"},
      x);
  const auto f = Audit();
  ASSERT_EQ(Count(f, "leak"), 1);
  EXPECT_EQ(f[0].severity, Severity::kLeak);  // most severe first
  EXPECT_EQ(f[0].page, 2);
  EXPECT_NE(f[0].evidence.find("The review found"), std::string::npos) << f[0].evidence;
  EXPECT_EQ(Count(f, "withheld_page"), 1);
  EXPECT_TRUE(ShouldFail(f, FailOn::kLeak));
}

TEST_F(AuditTest, WithheldItemsAloneDoNotFailAnyGate) {
  Extraction x;
  x.restricted.push_back({"2023-06-28", "Prevent Update", "withheld_page", false, "", 1});
  Put("/p/pack.txt", {"Document is Restricted"}, x);
  const auto f = Audit();
  EXPECT_FALSE(ShouldFail(f, FailOn::kAny));
  EXPECT_FALSE(ShouldFail(f, FailOn::kLeak));
}

TEST_F(AuditTest, CoverSecurityContradictedInsideTheReport) {
  Extraction x;
  Report a;
  a.title = "Safeguarding Update";
  a.security = "PROTECTED";
  a.page = 1;
  Report b;
  b.title = "Next Report";
  b.security = "UNPROTECTED";
  b.page = 3;
  x.reports = {a, b};
  x.markings = {{"PROTECTED", "cover", 1}, {"UNPROTECTED", "inline", 2}, {"UNPROTECTED", "cover", 3}};
  Put("/p/pack.txt", {"Security: PROTECTED", "[Unprotected]\nbody", "Security: UNPROTECTED"}, x);
  const auto f = Audit();
  ASSERT_EQ(Count(f, "security_mismatch"), 1);
  auto it = std::find_if(f.begin(), f.end(), [](const Finding& g) { return g.kind == "security_mismatch"; });
  EXPECT_EQ(it->page, 2);
  EXPECT_EQ(it->label, "Safeguarding Update");
  EXPECT_TRUE(ShouldFail(f, FailOn::kInconsistent));
  EXPECT_FALSE(ShouldFail(f, FailOn::kLeak));
}

TEST_F(AuditTest, MarkingsAreMatchedToTheirReportByLineOnOnePage) {
  // A text paper is one page: covers and markings are told apart by line.
  Extraction x;
  Report a;
  a.title = "Restricted Report";
  a.security = "RESTRICTED";
  a.line = 0;
  Report b;
  b.title = "Open Report";
  b.security = "UNPROTECTED";
  b.line = 10;
  x.reports = {a, b};
  x.markings = {{"RESTRICTED", "cover", 1, -1}, {"UNPROTECTED", "cover", 1, -1}, {"UNPROTECTED", "inline", 1, 12},
                {"PROTECTED", "inline", 1, 5}};
  Put("/p/pack.txt", {"one page"}, x);
  const auto f = Audit();
  ASSERT_EQ(Count(f, "security_mismatch"), 1);
  auto it = std::find_if(f.begin(), f.end(), [](const Finding& g) { return g.kind == "security_mismatch"; });
  EXPECT_EQ(it->label, "Restricted Report");
  EXPECT_NE(it->message.find("PROTECTED"), std::string::npos);
}

TEST_F(AuditTest, CoverWithoutSecurityIsAWarning) {
  Extraction x;
  Report a;
  a.title = "Budget";
  x.reports = {a};
  Put("/p/pack.txt", {"Title: Budget"}, x);
  const auto f = Audit();
  EXPECT_EQ(Count(f, "missing_security"), 1);
  EXPECT_TRUE(ShouldFail(f, FailOn::kAny));
  EXPECT_FALSE(ShouldFail(f, FailOn::kInconsistent));
}

TEST_F(AuditTest, ItemRestrictedInOnePackButUnmarkedInAnother) {
  Extraction restricted;
  restricted.restricted.push_back({"2023-03-29", "Serious Violence Duty Update", "agenda_item", false, "", 1});
  Put("/p/march.txt", {"RESTRICTED: Serious Violence Duty Update"}, restricted);
  Put("/p/june.txt",
      {"4. Serious Violence Duty Update\nThe duty requires partners to share data on knife crime and violence, to "
       "publish a strategy, and to review it every year with the community safety partnership; the panel heard "
       "that three schools have joined the programme.\n5. Parks"},
      {});
  // A mere mention, as in an agenda list, is not publication.
  Put("/p/agenda.txt", {"Agenda\n4. Serious Violence Duty Update\n5. Parks\n6. Any other business"}, {});
  Extraction also;
  also.restricted.push_back({"2023-07-01", "Serious Violence Duty Update", "agenda_item", false, "", 1});
  Put("/p/july.txt", {"RESTRICTED: Serious Violence Duty Update"}, also);
  const auto f = Audit();
  // June, once, naming the first place that restricts it (in path order) and the other.
  ASSERT_EQ(Count(f, "restricted_elsewhere"), 1);
  for (const auto& g : f) {
    if (g.kind == "restricted_elsewhere") {
      EXPECT_EQ(g.document, "/p/june.txt");
      EXPECT_NE(g.message.find("restricted in july.txt (p. 1) and 1 other place but published here"),
                std::string::npos)
          << g.message;
    }
  }
}

TEST_F(AuditTest, PathsLimitTheAudit) {
  Extraction x;
  x.restricted.push_back({"", "Item A", "agenda_item", true, "", 1});
  Put("/p/a/pack.txt", {"Item A text"}, x);
  Put("/p/b/pack.txt", {"Item A text"}, x);
  EXPECT_EQ(Count(Audit(Options{.paths = {"/p/a/"}}), "leak"), 1);
  EXPECT_EQ(Count(Audit(), "leak"), 2);
}

TEST_F(AuditTest, HtmlReportIsSelfContainedAndListsEveryFinding) {
  Extraction x;
  x.restricted.push_back({"2023-06-28", "Domestic <Homicide> Review", "agenda_item", true, "", 1});
  Put("/p/pack.txt", {"RESTRICTED: Domestic <Homicide> Review\nsubstance"}, x);
  const auto findings = Audit();
  const std::string html = ToHtml(findings, "Audit of /p");
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("href="), std::string::npos);
  // Read it back as a person's browser would show it: visible text only.
  auto shown = read::ReadBytes(html);
  ASSERT_TRUE(shown) << shown.error().message;
  ASSERT_EQ(shown->kind, DocumentKind::kHtml);
  const std::string& text = shown->pages[0].text;
  EXPECT_NE(text.find("Domestic <Homicide> Review"), std::string::npos) << text;
  EXPECT_NE(text.find("leak"), std::string::npos);
  EXPECT_NE(text.find("/p/pack.txt, page 1"), std::string::npos) << text;
}

TEST_F(AuditTest, RestrictedElsewhereFindsEveryUnrestrictedCopyNotTheFirstFifty) {
  Extraction restricted;
  restricted.restricted.push_back({"2023-03-29", "Serious Violence Duty Update", "agenda_item", false, "", 1});
  Put("/p/march.txt", {"RESTRICTED: Serious Violence Duty Update"}, restricted);
  const std::string body =
      "4. Serious Violence Duty Update\nThe duty requires partners to share data on knife crime and violence, to "
      "publish a strategy, and to review it every year with the community safety partnership; the panel heard "
      "that three schools have joined the programme.\n5. Parks";
  // Sixty copies restrict it too (ranked first by a search: short pages),
  // and one long unrestricted copy ranks last.
  for (int i = 0; i < 60; ++i) Put(fmt::format("/p/copy{:02}.txt", i), {"Serious Violence Duty Update"}, restricted);
  std::string long_page = body;
  for (int i = 0; i < 40; ++i) long_page += "\nunrelated minutes of another item about parks and gardens";
  Put("/p/published.txt", {long_page}, {});
  const auto f = Audit();
  // One finding for the published page, naming march and the sixty copies.
  ASSERT_EQ(Count(f, "restricted_elsewhere"), 1);
  for (const auto& g : f) {
    if (g.kind == "restricted_elsewhere") {
      EXPECT_EQ(g.document, "/p/published.txt");
      EXPECT_NE(g.message.find("and 60 other places"), std::string::npos) << g.message;
    }
  }
}

TEST_F(AuditTest, StoredHiddenTextIsAFailedRedactionWithoutRenderingOrTheFile) {
  PutPdf("/gone/pack.pdf", true, {{3, "Victim named Jane Example"}});
  PutPdf("/gone/clean.pdf", true, {});
  const auto f = Audit();
  ASSERT_EQ(Count(f, "failed_redaction"), 1);
  EXPECT_EQ(f[0].document, "/gone/pack.pdf");
  EXPECT_EQ(f[0].page, 3);
  EXPECT_EQ(f[0].evidence, "Victim named Jane Example");
  EXPECT_EQ(Count(f, "redaction_unchecked"), 0);
  EXPECT_EQ(Count(Audit(Options{.check_redactions = false}), "failed_redaction"), 0);
}

TEST_F(AuditTest, PdfIndexedWithoutTheCheckIsCheckedFromItsFileOrReported) {
  const std::string on_disk = WriteRedactedPdf("old.pdf");
  PutPdf(on_disk, false, {});
  PutPdf("/gone/old.pdf", false, {});
  const auto f = Audit();
  ASSERT_EQ(Count(f, "failed_redaction"), 1);
  EXPECT_EQ(f[0].document, on_disk);
  EXPECT_EQ(f[0].evidence, "Victim named Jane Example");
  ASSERT_EQ(Count(f, "redaction_unchecked"), 1);
  auto unchecked = std::find_if(f.begin(), f.end(), [](const Finding& g) { return g.kind == "redaction_unchecked"; });
  EXPECT_EQ(unchecked->document, "/gone/old.pdf");
  EXPECT_EQ(unchecked->severity, Severity::kWarning);
  // Without rendering (the web page), both are reported unchecked.
  EXPECT_EQ(Count(Audit(Options{.render_unchecked = false}), "redaction_unchecked"), 2);
  // Fails closed: an unchecked PDF fails the strictest gate.
  PutPdf(on_disk, true, {});
  EXPECT_TRUE(ShouldFail(Audit(), FailOn::kAny));
}

TEST_F(AuditTest, RecheckRendersThePdfsAgainInsteadOfTrustingTheIndex) {
  const std::string on_disk = WriteRedactedPdf("pack.pdf");
  PutPdf(on_disk, true, {});  // as if the file changed after it was indexed
  PutPdf("/gone/kept.pdf", true, {{1, "stored words"}});
  EXPECT_EQ(Count(Audit(), "failed_redaction"), 1);
  const auto f = Audit(Options{.recheck = true});
  ASSERT_EQ(Count(f, "failed_redaction"), 2);
  EXPECT_EQ(f[0].document, "/gone/kept.pdf");  // no file: what the index holds
  EXPECT_EQ(f[1].document, on_disk);
  EXPECT_EQ(f[1].evidence, "Victim named Jane Example");
}

// The substance under a label as the audit defined it before #13 (it
// took 78 s at 100,800 pages): line by line and label by label, the
// WordSet of every line made again for every label.
std::string SubstanceUnderAsDefined(const std::string& page_text, const std::string& label) {
  const auto label_words = WordSet(label);
  const auto lines = SplitLines(page_text);
  for (size_t i = 0; i < lines.size(); ++i) {
    const auto words = WordSet(lines[i]);
    if (words.empty() || words.size() > label_words.size() + 4 || WordOverlap(lines[i], label) < 0.6) continue;
    std::string body;
    int blank_run = 0;
    for (size_t k = i + 1; k < lines.size(); ++k) {
      const bool blank = lines[k].find_first_not_of(" \t\r") == std::string::npos;
      if (internal::NumberedHeading(lines[k]) || (blank && ++blank_run >= 2)) break;
      if (blank) continue;
      blank_run = 0;
      body += (body.empty() ? "" : "\n") + lines[k];
    }
    if (body.size() >= 200) return body.substr(0, 400);
  }
  return {};
}

// Pages of board papers in miniature: headings that are, or are like, or
// are word for word but out of order, labels; numbered headings; blank and
// white-space lines; long and short lines of substance; mentions.
class PaperMaker {
 public:
  explicit PaperMaker(unsigned seed) : random_(seed) {}

  const std::vector<std::string>& Labels() const { return labels_; }

  std::string Page() {
    std::string page;
    const size_t lines = 1 + random_() % 30;
    for (size_t i = 0; i < lines; ++i) page += Line() + "\n";
    if (random_() % 3 == 0) page.pop_back();
    return page;
  }

  std::string Label() { return labels_[random_() % labels_.size()]; }
  size_t Below(size_t n) { return random_() % n; }

 private:
  std::string Words(size_t n) {
    std::string out;
    for (size_t i = 0; i < n; ++i) out += (i ? " " : "") + vocabulary_[random_() % vocabulary_.size()];
    return out;
  }

  std::string Line() {
    switch (random_() % 12) {
      case 0: return Label();
      case 1: return "4. " + Label();
      case 2: {  // the label's words with others, or out of order
        std::string label = Label();
        return random_() % 2 ? label + " " + Words(random_() % 6) : Words(1) + " " + label;
      }
      case 3: return numbered_[random_() % numbered_.size()];
      case 4: return "";
      case 5: return blank_[random_() % blank_.size()];
      case 6: return "The panel noted the " + Label() + " and agreed it.";
      default: return Words(1 + random_() % 25);
    }
  }

  std::mt19937 random_;
  std::vector<std::string> vocabulary_ = {"prevent", "update", "violence", "duty", "serious", "the", "board",
                                          "D'Urso", "durso", "Review", "homicide", "domestic", "partners",
                                          "knife-crime", "2024/2025", "strategy", "Café", "data", "schools"};
  std::vector<std::string> labels_ = {"Prevent Update", "Serious Violence Duty Update", "Domestic Homicide Review",
                                      "Update Prevent", "D'Urso Review", "The Board", "Knife Crime Strategy 2024/2025",
                                      "PREVENT update partners", "Duty Duty Violence", "Update"};
  std::vector<std::string> numbered_ = {"3. Parks", "10) Budget", "Item 4 Prevent", "- v) Strategy", "iv) Review",
                                        "b) data", "ITEM 9", "1234. not a heading", "2.1.3 Partners", "x) no"};
  std::vector<std::string> blank_ = {" ", "\t", "\r", " \t\r", "  "};
};

TEST(Substance, EveryLabelAtOnceAsTheDefinitionGivesItLabelByLabel) {
  PaperMaker maker(13);
  internal::LabelIndex index(maker.Labels());
  int with_substance = 0;
  for (int p = 0; p < 3000; ++p) {
    const std::string page = maker.Page();
    const auto found = internal::SubstanceByLabel(page, index);
    for (size_t l = 0; l < maker.Labels().size(); ++l) {
      auto it = std::find_if(found.begin(), found.end(), [&](const auto& f) { return f.first == l; });
      const std::string expected = SubstanceUnderAsDefined(page, maker.Labels()[l]);
      ASSERT_EQ(it == found.end() ? "" : it->second, expected) << maker.Labels()[l] << " on\n" << page;
      with_substance += !expected.empty();
    }
  }
  EXPECT_GT(with_substance, 1000);
}

TEST(Substance, TwoHundredCharsJoinedByNewlinesUpToANumberedHeadingOrTwoBlankLines) {
  internal::LabelIndex index({"Prevent Update"});
  auto substance = [&](const std::string& page) {
    const auto found = internal::SubstanceByLabel(page, index);
    EXPECT_EQ(found.empty() ? "" : found[0].second, SubstanceUnderAsDefined(page, "Prevent Update")) << page;
    return found.empty() ? "" : found[0].second;
  };
  const std::string a(99, 'a'), b(100, 'b');
  EXPECT_EQ(substance("Prevent Update\n" + a + "\n" + b), a + "\n" + b);  // 200 with the newline
  EXPECT_EQ(substance("Prevent Update\n" + a + "\n" + b.substr(1)), "");
  EXPECT_EQ(substance("Prevent Update\n" + a + "\n \n" + b + "\n\n\nmore"), a + "\n" + b);
  EXPECT_EQ(substance("Prevent Update\n" + a + "\n\n\t\n" + b), "");
  EXPECT_EQ(substance("Prevent Update\n" + a + "\n3. Parks\n" + b), "");
  EXPECT_EQ(substance("Prevent Update\n" + a + b + b + b + b), (a + b + b + b + b).substr(0, 400));
  // The first heading with substance under it, not the first heading.
  EXPECT_EQ(substance("4. Prevent Update\nshort\n5. Update Prevent\n" + a + b + "c"), a + b + "c");
}

// The restricted_elsewhere findings of a generated index (copies, documents
// restricting labels or like labels, pages as PaperMaker makes them) are
// those worked out slowly: every page with the label's phrase (a query),
// label by label, as the audit did before #13.
TEST_F(AuditTest, RestrictedElsewhereIsWhatTheSlowRecomputationGives) {
  PaperMaker maker(7);
  std::vector<std::vector<std::string>> papers;
  for (int d = 0; d < 80; ++d) {
    std::vector<std::string> pages;
    if (!papers.empty() && maker.Below(3) == 0) {
      pages = papers[maker.Below(papers.size())];  // a copy
    } else {
      for (size_t p = 0, n = 1 + maker.Below(6); p < n; ++p) pages.push_back(maker.Page());
    }
    papers.push_back(pages);
    Extraction x;
    x.meetings.push_back(Meeting{fmt::format("2023-{:02}-01", 1 + d % 12), "", "", "", 1 + static_cast<int>(maker.Below(3))});
    for (size_t r = 0, n = maker.Below(3); r < n; ++r) {
      Restricted item{"2023-01-01", maker.Label(), "agenda_item", false, "", 1 + static_cast<int>(maker.Below(4))};
      if (maker.Below(8) == 0) item.label_source = "none";
      x.restricted.push_back(std::move(item));
    }
    Put(fmt::format("/p/{:02}/paper.txt", (d * 37) % 80), pages, x);
  }
  const auto findings = Audit();
  using Row = std::tuple<std::string, int, std::string, std::string, std::string>;  // document, page, date, label, evidence
  std::vector<Row> fast;
  for (const auto& f : findings) {
    if (f.kind == "restricted_elsewhere") fast.emplace_back(f.document, f.page, f.meeting_date, f.label, f.evidence);
  }

  auto docs = index_->LoadExtractions();
  ASSERT_TRUE(docs);
  std::map<std::string, const Extraction*> by_path;
  std::set<std::string> labels;
  for (const auto& [path, x] : *docs) {
    by_path[path] = &x;
    for (const auto& r : x.restricted) {
      if (WordSet(r.label).size() >= 2 && r.label_source != "none") labels.insert(r.label);
    }
  }
  std::vector<Row> slow;
  for (const auto& label : labels) {
    std::string query = "\"";
    for (char c : label) query += c == '"' ? std::string("\"\"") : std::string(1, c);
    auto hits = index_->MatchPages(query + "\"");
    ASSERT_TRUE(hits) << hits.error().message;
    std::sort(hits->begin(), hits->end(), [](const index::PageRef& a, const index::PageRef& b) {
      return std::tie(a.path, a.page) < std::tie(b.path, b.page);
    });
    for (const auto& h : *hits) {
      const Extraction& x = *by_path.at(h.path);
      if (std::any_of(x.restricted.begin(), x.restricted.end(),
                      [&](const Restricted& o) { return WordOverlap(o.label, label) >= 0.6; })) {
        continue;
      }
      auto text = index_->PageText(h.path, h.page);
      ASSERT_TRUE(text && *text);
      const std::string substance = SubstanceUnderAsDefined(**text, label);
      if (substance.empty()) continue;
      const Meeting* meeting = nullptr;
      for (const auto& m : x.meetings) {
        if (m.page <= h.page && (!meeting || m.page >= meeting->page)) meeting = &m;
      }
      slow.emplace_back(h.path, h.page, meeting ? meeting->date : "", label, substance);
    }
  }
  // Findings are in document and page order, labels in their order on a page.
  std::stable_sort(slow.begin(), slow.end(), [](const Row& a, const Row& b) {
    return std::tie(std::get<0>(a), std::get<1>(a)) < std::tie(std::get<0>(b), std::get<1>(b));
  });
  EXPECT_GT(slow.size(), 100u);
  EXPECT_EQ(fast, slow);
}

// ToJson writes what nlohmann gave from a tree of the findings, byte for
// byte, for strings of any bytes (escapes, control characters, UTF-8 and
// invalid UTF-8) and no findings at all.
TEST(Json, WhatTheTreeOfFindingsGave) {
  auto as_tree = [](const std::vector<Finding>& findings) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& f : findings) {
      out.push_back({{"severity", SeverityName(f.severity)}, {"kind", f.kind}, {"document", f.document},
                     {"page", f.page}, {"meeting_date", f.meeting_date}, {"label", f.label},
                     {"message", f.message}, {"evidence", f.evidence}});
    }
    return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  };
  std::mt19937 random(11);
  const std::vector<std::string> pieces = {"plain words", "\"", "\\", "/", "\n", "\t", "\r", "\b", "\f", "\x01",
                                           "\x1f", "\x7f", "caf\xc3\xa9", "\xe2\x80\x99", "\xff", "\xc3", std::string("\0x", 2),
                                           "\xf0\x9f\x98\x80", "{}[],:"};
  auto some = [&] {
    std::string out;
    for (size_t k = 0, n = random() % 5; k < n; ++k) out += pieces[random() % pieces.size()];
    return out;
  };
  std::vector<Finding> findings;
  EXPECT_EQ(ToJson(findings), as_tree(findings));
  for (int i = 0; i < 300; ++i) {
    findings.push_back(Finding{static_cast<Severity>(random() % 4), some(), some(), static_cast<int>(random() % 200) - 1,
                               some(), some(), some(), some()});
  }
  EXPECT_EQ(ToJson(findings), as_tree(findings));
  findings.resize(1);
  EXPECT_EQ(ToJson(findings), as_tree(findings));
}

TEST(Redaction, TextUnderABlackBoxIsFoundButVisibleAndWhiteOnWhiteTextIsNot) {
  const fs::path pdf = fs::temp_directory_path() / ("mb_redaction_" + std::to_string(::getpid()) + ".pdf");
  std::ofstream(pdf, std::ios::binary) << MakePdf(
      "BT /F1 12 Tf 72 700 Td (Public paragraph about parks) Tj ET\n"
      "BT /F1 12 Tf 72 650 Td (Victim named Jane Example) Tj ET\n"
      "0 0 0 rg 66 640 250 26 re f\n"
      "1 1 1 rg BT /F1 12 Tf 72 600 Td (invisible white words) Tj ET\n");
  auto hidden = read::FindHiddenText(pdf);
  fs::remove(pdf);
  ASSERT_TRUE(hidden) << hidden.error().message;
  ASSERT_EQ(hidden->size(), 1u);
  EXPECT_EQ((*hidden)[0].page, 1);
  EXPECT_EQ((*hidden)[0].text, "Victim named Jane Example");
}

}  // namespace
}  // namespace minutebook::audit
