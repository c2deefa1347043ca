// A right-hand column of owners' initials beside minutes ("Action" column),
// put back beside the lines it belongs to.
#ifndef MINUTEBOOK_READ_INTERNAL_MARGIN_COLUMN_H_
#define MINUTEBOOK_READ_INTERNAL_MARGIN_COLUMN_H_

#include <string>
#include <string_view>
#include <vector>

#include "read/internal/text_layer.h"

namespace minutebook::read::internal {

// Cheap test on the page's text: a line that is only initials ("SG",
// "SG/NS"). Only such pages pay for Poppler's word boxes.
bool MayHaveMarginColumn(std::string_view text);

// The page text (its word boxes `words`, its width `page_width` in points)
// with each initials token of a right-hand column (at least
// two on the page) appended to the line it stands beside after a tab
// ("... the council have\tSG"), and its own stray line left blank. Text the boxes do
// not place is returned unchanged.
std::string AttachMarginColumn(const std::vector<WordBox>& words, double page_width, std::string text);

}  // namespace minutebook::read::internal

#endif  // MINUTEBOOK_READ_INTERNAL_MARGIN_COLUMN_H_
