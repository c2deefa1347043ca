#include "index/internal/sqlite.h"

#include "index/internal/page_body.h"

namespace minutebook::index::internal {

Result<bool> Statement::Step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3* db = sqlite3_db_handle(stmt_);
  const ErrorCode code = (rc == SQLITE_ERROR) ? ErrorCode::kInvalidArgument : ErrorCode::kIo;
  return Fail(code, sqlite3_errmsg(db));
}

Result<void> Statement::Run() {
  auto r = Step();
  Reset();
  if (!r) return std::unexpected(r.error());
  return {};
}

Result<std::vector<std::string>> FirstColumn(Statement& s) {
  std::vector<std::string> out;
  while (true) {
    MB_ASSIGN(row, s.Step());
    if (!row) break;
    out.push_back(s.Text(0));
  }
  return out;
}

Result<std::unique_ptr<Database>> Database::Open(const std::string& path, bool read_only, int busy_timeout_ms) {
  sqlite3* db = nullptr;
  const int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return Fail(ErrorCode::kIo, "cannot open database: " + msg);
  }
  sqlite3_busy_timeout(db, busy_timeout_ms);
  sqlite3_extended_result_codes(db, 1);
  std::unique_ptr<Database> out(new Database(db));
  // Every connection reads and writes page bodies (the FTS triggers and the
  // page_text view use these), the merge's included.
  MB_TRY(RegisterPageFunctions(db));
  return out;
}

Result<Statement> Database::Prepare(std::string_view sql) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &s, nullptr) !=
      SQLITE_OK) {
    return Fail(ErrorCode::kInternal, std::string("cannot prepare statement: ") + sqlite3_errmsg(db_));
  }
  return Statement(s);
}

Result<void> Database::Exec(const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    return Fail(ErrorCode::kIo, msg);
  }
  return {};
}

}  // namespace minutebook::index::internal
