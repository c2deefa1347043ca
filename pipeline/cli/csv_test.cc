#include "cli/csv.h"

#include <gtest/gtest.h>

#include <sstream>

namespace minutebook::cli {
namespace {

TEST(CsvField, PlainValueUnquoted) { EXPECT_EQ(CsvField("Clare Brutton"), "Clare Brutton"); }

TEST(CsvField, CommaQuoteAndNewlineAreQuoted) {
  EXPECT_EQ(CsvField("a, b"), "\"a, b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
}

TEST(WriteCsv, ActionsHaveHeaderAndCrlfRows) {
  Extraction x;
  Action a;
  a.meeting_date = "2023-06-28";
  a.text = "Clare, Amolak to engage";
  a.owners = {"Clare Brutton", "Amolak Tatter"};
  x.actions.push_back(a);
  std::ostringstream out;
  WriteCsv(out, "actions", {{"doc.txt", x}});
  EXPECT_EQ(out.str(),
            "document,meeting_date,text,owners,status,item,page\r\n"
            "doc.txt,2023-06-28,\"Clare, Amolak to engage\",Clare Brutton; Amolak Tatter,open,,1\r\n");
}

}  // namespace
}  // namespace minutebook::cli
