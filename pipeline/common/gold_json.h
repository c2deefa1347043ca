// The export contract: an Extraction as one document of ../eval GOLD-FORMAT
// (also what `minutebook export --format json` prints).
#ifndef MINUTEBOOK_COMMON_GOLD_JSON_H_
#define MINUTEBOOK_COMMON_GOLD_JSON_H_

#include <string>

#include "common/model.h"

namespace minutebook {

// Returns one JSON object; indent < 0 gives a single line (JSON Lines).
std::string ToGoldJson(const Extraction& extraction, const std::string& source, int indent = -1);

}  // namespace minutebook

#endif  // MINUTEBOOK_COMMON_GOLD_JSON_H_
