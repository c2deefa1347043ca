// Content fingerprints.
#ifndef MINUTEBOOK_COMMON_HASH_H_
#define MINUTEBOOK_COMMON_HASH_H_

#include <string>
#include <string_view>

namespace minutebook {

// Lower-case hex SHA-256 of the bytes.
std::string Sha256Hex(std::string_view bytes);

}  // namespace minutebook

#endif  // MINUTEBOOK_COMMON_HASH_H_
