// CSV export for spreadsheet users (RFC 4180: CRLF line ends, fields with
// commas, quotes or line breaks quoted, quotes doubled).
#ifndef MINUTEBOOK_CLI_CSV_H_
#define MINUTEBOOK_CLI_CSV_H_

#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/model.h"

namespace minutebook::cli {

std::string CsvField(std::string_view value);

// what: actions | attendees | meetings | reports | restricted
void WriteCsv(std::ostream& out, const std::string& what,
              const std::vector<std::pair<std::string, Extraction>>& documents);

}  // namespace minutebook::cli

#endif  // MINUTEBOOK_CLI_CSV_H_
