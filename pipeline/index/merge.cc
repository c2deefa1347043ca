// Merging shard indexes into one (`minutebook merge`). See index.h.
//
// Each shard is ATTACHed to the merged index and copied with INSERT ...
// SELECT in one transaction. What to copy is read from the schema rather
// than listed here: the tables reachable from `documents` through declared
// foreign keys (pages, meetings, actions, action_owners, ...), each with the
// columns both sides have, and the FTS5 tables that keep their own content
// and carry a document_id (items_fts). pages_fts is filled by the pages
// trigger as rows arrive. Row ids are shifted by a per-table offset (the
// highest id already in the merged table), which keeps each shard's order and
// lets a child's foreign key be shifted by its parent's offset.
//
// Provenance: merge_paths records which shard each path (document or failure)
// came from, merge_shards when each shard was merged. They are created here,
// not by a schema migration, since only a merged index has them and ingest
// never reads them.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <utility>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "index/index.h"
#include "index/internal/sqlite.h"
#include "index/writer_lock.h"

namespace minutebook::index {
namespace {

namespace fs = std::filesystem;
using internal::Database;
using internal::Statement;

std::string NowUtc() {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return fmt::format("{:%FT%TZ}", fmt::gmtime(std::chrono::system_clock::to_time_t(now)));
}

std::string Quoted(const std::string& identifier) {
  std::string out = "\"";
  for (char c : identifier) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// First column of the first row as text; nullopt when there is no row.
Result<std::optional<std::string>> Scalar(Database& db, const std::string& sql, const std::string& arg = {}) {
  MB_ASSIGN(s, db.Prepare(sql));
  if (sqlite3_bind_parameter_count(s.get()) > 0) s.Bind(1, arg);
  MB_ASSIGN(row, s.Step());
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(s.Text(0));
}

Result<std::vector<std::string>> Column(Database& db, const std::string& sql, const std::string& arg = {}) {
  MB_ASSIGN(s, db.Prepare(sql));
  if (sqlite3_bind_parameter_count(s.get()) > 0) s.Bind(1, arg);
  return internal::FirstColumn(s);
}

struct ShardInfo {
  std::string source;    // absolute path of the shard file
  std::string identity;  // "K/N of ROOTS", else the source
  std::string schema;
  bool is_public = false;
  std::set<std::string> versions;  // pipeline versions of its documents
};

Result<ShardInfo> Inspect(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return Fail(ErrorCode::kInvalidArgument, path + ": no such index file");
  ShardInfo info;
  info.source = fs::absolute(path).lexically_normal().string();
  auto db = Database::Open(path, /*read_only=*/true, 5000);
  if (!db) return Fail(ErrorCode::kInvalidArgument, path + ": " + db.error().message);
  auto tables = Scalar(**db,
                       "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('meta', 'documents', "
                       "'failures', 'ocr_cache')");
  if (!tables || !*tables || **tables != "4") {
    return Fail(ErrorCode::kInvalidArgument, path + ": not a minutebook index");
  }
  MB_ASSIGN(schema, Scalar(**db, "SELECT value FROM meta WHERE key = 'schema_version'"));
  info.schema = schema.value_or("0");
  MB_ASSIGN(pub, Scalar(**db, "SELECT value FROM meta WHERE key = 'public'"));
  info.is_public = pub.value_or("0") == "1";
  MB_ASSIGN(shard, Scalar(**db, "SELECT value FROM meta WHERE key = 'shard'"));
  MB_ASSIGN(roots, Scalar(**db, "SELECT value FROM meta WHERE key = 'shard_roots'"));
  info.identity = shard ? fmt::format("{} of {}", *shard, roots.value_or("?")) : info.source;
  MB_ASSIGN(versions, Column(**db, "SELECT DISTINCT pipeline_version FROM documents"));
  info.versions.insert(versions.begin(), versions.end());
  return info;
}

struct Table {
  std::string name;
  std::vector<std::string> columns;  // in both the shard and the merged index
  std::string id_column;             // an INTEGER PRIMARY KEY, shifted on copy; may be empty
  struct ForeignKey {
    std::string column, parent, parent_column;
  };
  std::vector<ForeignKey> foreign_keys;
};

Result<Table> Describe(Database& db, const std::string& name) {
  Table t;
  t.name = name;
  std::set<std::string> in_shard;
  MB_ASSIGN(shard_cols, Column(db, "SELECT name FROM pragma_table_info(?1, 's')", name));
  in_shard.insert(shard_cols.begin(), shard_cols.end());
  MB_ASSIGN(info, db.Prepare("SELECT name, upper(type), pk, (SELECT count(*) FROM pragma_table_info(?1, 'main') "
                             "WHERE pk > 0) FROM pragma_table_info(?1, 'main')"));
  info.Bind(1, name);
  while (true) {
    MB_ASSIGN(row, info.Step());
    if (!row) break;
    const std::string col = info.Text(0);
    if (info.Int(2) == 1 && info.Int(3) == 1 && info.Text(1) == "INTEGER") t.id_column = col;
    // A column only the merged index has takes its default; one only the
    // shard has cannot be kept (the schema versions match, so neither
    // happens unless a table was added by hand).
    if (in_shard.contains(col)) t.columns.push_back(col);
  }
  MB_ASSIGN(fks, db.Prepare("SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list(?1, 'main')"));
  fks.Bind(1, name);
  while (true) {
    MB_ASSIGN(row, fks.Step());
    if (!row) break;
    t.foreign_keys.push_back({fks.Text(0), fks.Text(1), fks.Text(2)});
  }
  return t;
}

// The tables hanging off documents, parents before children.
Result<std::vector<Table>> DocumentTables(Database& db) {
  MB_ASSIGN(names, Column(db, "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                              "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"));
  std::vector<Table> all;
  for (const auto& n : names) {
    MB_ASSIGN(t, Describe(db, n));
    all.push_back(std::move(t));
  }
  std::vector<Table> order;
  std::set<std::string> placed;
  for (auto& t : all) {
    if (t.name == "documents") {
      order.push_back(t);
      placed.insert(t.name);
    }
  }
  if (order.empty()) return Fail(ErrorCode::kInternal, "the merged index has no documents table");
  for (bool grew = true; grew;) {
    grew = false;
    for (auto& t : all) {
      if (placed.contains(t.name) || t.foreign_keys.empty()) continue;
      bool ready = true;
      for (const auto& fk : t.foreign_keys) ready = ready && placed.contains(fk.parent);
      if (!ready) continue;
      order.push_back(t);
      placed.insert(t.name);
      grew = true;
    }
  }
  return order;
}

class Merger {
 public:
  explicit Merger(Database& db) : db_(db) {}

  Result<MergedShard> MergeOne(const ShardInfo& shard) {
    MB_ASSIGN(attach, db_.Prepare("ATTACH DATABASE ?1 AS s"));
    MB_TRY(attach.Bind(1, shard.source).Run());
    MB_TRY(db_.Exec("BEGIN IMMEDIATE"));
    auto merged = MergeAttached(shard);
    if (merged) {
      auto committed = db_.Exec("COMMIT");
      if (!committed) merged = std::unexpected(committed.error());
    }
    if (!merged) (void)db_.Exec("ROLLBACK");
    (void)db_.Exec("DETACH DATABASE s");
    return merged;
  }

 private:
  Result<void> Run(const std::string& sql, const std::string& identity = {}) {
    MB_ASSIGN(s, db_.Prepare(sql));
    if (sqlite3_bind_parameter_count(s.get()) > 0) s.Bind(1, identity);
    return s.Run();
  }
  Result<int> Count(const std::string& sql, const std::string& identity = {}) {
    MB_ASSIGN(v, Scalar(db_, sql, identity));
    return v ? std::stoi(*v) : 0;
  }

  Result<MergedShard> MergeAttached(const ShardInfo& shard) {
    MergedShard out{shard.source, shard.identity};
    const std::string& id = shard.identity;
    // The shard's documents not already in the merged index as they are: a
    // document is unchanged when the shard kept it (same content, pipeline
    // version and time of ingest) since the last merge.
    MB_TRY(db_.Exec("DROP TABLE IF EXISTS temp.mb_copy; CREATE TEMP TABLE mb_copy(id INTEGER PRIMARY KEY);"
                    "DROP TABLE IF EXISTS temp.mb_drop; CREATE TEMP TABLE mb_drop(id INTEGER PRIMARY KEY);"));
    MB_TRY(Run(R"sql(
      INSERT INTO temp.mb_copy
      SELECT sd.id FROM s.documents sd LEFT JOIN main.documents md ON md.path = sd.path
       WHERE md.id IS NULL OR md.sha256 IS NOT sd.sha256 OR md.pipeline_version IS NOT sd.pipeline_version
          OR md.ingested_at IS NOT sd.ingested_at OR md.page_count IS NOT sd.page_count)sql"));
    MB_ASSIGN(total, Count("SELECT count(*) FROM s.documents"));
    MB_ASSIGN(copies, Count("SELECT count(*) FROM temp.mb_copy"));
    MB_ASSIGN(replaced, Count("SELECT count(*) FROM main.documents WHERE path IN "
                              "(SELECT path FROM s.documents WHERE id IN (SELECT id FROM temp.mb_copy))"));
    out.added = copies - replaced;
    out.replaced = replaced;
    out.unchanged = total - copies;
    // Removed: what the merged index holds from this shard that the shard
    // no longer has.
    MB_TRY(Run("INSERT INTO temp.mb_drop SELECT md.id FROM main.documents md JOIN main.merge_paths mp "
               "ON mp.path = md.path WHERE mp.shard = ?1 AND md.path NOT IN (SELECT path FROM s.documents)",
               id));
    MB_ASSIGN(removed, Count("SELECT count(*) FROM temp.mb_drop"));
    out.removed = removed;
    MB_TRY(Run("INSERT OR IGNORE INTO temp.mb_drop SELECT md.id FROM main.documents md JOIN s.documents sd "
               "ON sd.path = md.path WHERE sd.id IN (SELECT id FROM temp.mb_copy)"));
    // Rows of dropped documents: the tables hanging off documents go by ON
    // DELETE CASCADE (and pages_fts by its trigger); FTS tables with their
    // own content are cleared by document_id.
    MB_ASSIGN(fts, ContentFtsTables());
    for (const auto& t : fts) {
      MB_TRY(Run(fmt::format("DELETE FROM main.{} WHERE document_id IN (SELECT id FROM temp.mb_drop)", Quoted(t))));
    }
    MB_TRY(Run("DELETE FROM main.documents WHERE id IN (SELECT id FROM temp.mb_drop)"));

    MB_TRY(CopyDocuments(fts));

    // Failures: the shard's replace what it recorded before.
    MB_TRY(Run("DELETE FROM main.failures WHERE path IN (SELECT path FROM main.merge_paths WHERE shard = ?1) "
               "AND path NOT IN (SELECT path FROM s.failures)",
               id));
    MB_ASSIGN(failures, ColumnList("failures"));
    MB_TRY(Run(fmt::format("INSERT OR REPLACE INTO main.failures({0}) SELECT {0} FROM s.failures", failures)));
    MB_ASSIGN(failed, Count("SELECT count(*) FROM s.failures"));
    out.failures = failed;
    // The OCR cache is keyed by page content: any shard's entry is good.
    MB_ASSIGN(ocr, ColumnList("ocr_cache"));
    MB_TRY(Run(fmt::format("INSERT OR IGNORE INTO main.ocr_cache({0}) SELECT {0} FROM s.ocr_cache", ocr)));

    MB_TRY(Run("DELETE FROM main.merge_paths WHERE shard = ?1", id));
    MB_TRY(Run("INSERT OR REPLACE INTO main.merge_paths(path, shard) "
               "SELECT path, ?1 FROM s.documents UNION SELECT path, ?1 FROM s.failures",
               id));
    MB_ASSIGN(mark, db_.Prepare("INSERT OR REPLACE INTO main.merge_shards(shard, source, merged_at, documents, failures) "
                                "VALUES(?1, ?2, ?3, ?4, ?5)"));
    MB_TRY(mark.Bind(1, id).Bind(2, shard.source).Bind(3, NowUtc()).Bind(4, total).Bind(5, failed).Run());
    return out;
  }

  // The columns of a table present on both sides, as a list for SQL.
  Result<std::string> ColumnList(const std::string& name) {
    MB_ASSIGN(t, Describe(db_, name));
    std::string cols;
    for (const auto& c : t.columns) cols += (cols.empty() ? "" : ", ") + Quoted(c);
    return cols;
  }

  // FTS5 tables that keep their own content (not content='table') and are
  // keyed by a document_id column: items_fts.
  Result<std::vector<std::string>> ContentFtsTables() {
    return Column(db_,
                  "SELECT m.name FROM main.sqlite_master m WHERE m.type = 'table' AND m.sql LIKE "
                  "'CREATE VIRTUAL TABLE%fts5%' AND m.sql NOT LIKE '%content=%' AND EXISTS (SELECT 1 FROM "
                  "pragma_table_info(m.name, 'main') c WHERE c.name = 'document_id') ORDER BY m.name");
  }

  Result<void> CopyDocuments(const std::vector<std::string>& fts) {
    MB_ASSIGN(tables, DocumentTables(db_));
    std::map<std::string, std::int64_t> offset;
    std::map<std::string, std::string> filter;  // which shard rows belong to the copied documents
    for (const auto& t : tables) {
      if (!t.id_column.empty()) {
        MB_ASSIGN(max_id, Scalar(db_, fmt::format("SELECT coalesce(max({}), 0) FROM main.{}", Quoted(t.id_column),
                                                  Quoted(t.name))));
        offset[t.name] = std::stoll(max_id.value_or("0"));
      }
      if (t.name == "documents") {
        filter[t.name] = "id IN (SELECT id FROM temp.mb_copy)";
      } else {
        const auto& fk = t.foreign_keys.front();
        filter[t.name] = fmt::format("{} IN (SELECT {} FROM s.{} WHERE {})", Quoted(fk.column),
                                     Quoted(fk.parent_column), Quoted(fk.parent), filter[fk.parent]);
      }
      std::string cols, exprs;
      for (const auto& c : t.columns) {
        std::string e = Quoted(c);
        if (c == t.id_column) e = fmt::format("{} + {}", Quoted(c), offset[t.name]);
        for (const auto& fk : t.foreign_keys) {
          // A key to a parent's row id moves with the parent's rows.
          const auto parent = std::find_if(tables.begin(), tables.end(), [&](const auto& p) { return p.name == fk.parent; });
          if (fk.column == c && parent != tables.end() && parent->id_column == fk.parent_column) {
            e = fmt::format("{} + {}", Quoted(c), offset[fk.parent]);
          }
        }
        cols += (cols.empty() ? "" : ", ") + Quoted(c);
        exprs += (exprs.empty() ? "" : ", ") + e;
      }
      MB_TRY(Run(fmt::format("INSERT INTO main.{0}({1}) SELECT {2} FROM s.{0} WHERE {3} ORDER BY rowid", Quoted(t.name),
                             cols, exprs, filter[t.name])));
    }
    for (const auto& name : fts) {
      MB_ASSIGN(cols, Column(db_, "SELECT name FROM pragma_table_info(?1, 'main')", name));
      std::string list, exprs;
      for (const auto& c : cols) {
        list += (list.empty() ? "" : ", ") + Quoted(c);
        exprs += (exprs.empty() ? "" : ", ") +
                 (c == "document_id" ? fmt::format("document_id + {}", offset["documents"]) : Quoted(c));
      }
      MB_TRY(Run(fmt::format("INSERT INTO main.{0}({1}) SELECT {2} FROM s.{0} WHERE document_id IN "
                             "(SELECT id FROM temp.mb_copy) ORDER BY rowid",
                             Quoted(name), list, exprs)));
    }
    return {};
  }

  Database& db_;
};

}  // namespace

Result<std::vector<MergedShard>> Merge(const std::string& into, const std::vector<std::string>& shard_paths,
                                       const MergeProgressFn& progress, const MergeFinishFn& finish) {
  if (shard_paths.empty()) return Fail(ErrorCode::kInvalidArgument, "no shard indexes to merge");
  // Every shard is checked before anything is written.
  std::vector<ShardInfo> shards;
  std::map<std::string, std::string> seen;  // identity -> source
  std::set<std::string> versions;
  const std::string target = fs::absolute(into).lexically_normal().string();
  for (const auto& p : shard_paths) {
    MB_ASSIGN(info, Inspect(p));
    if (info.source == target) return Fail(ErrorCode::kInvalidArgument, p + ": is the index merged into");
    if (info.schema != std::to_string(kSchemaVersion)) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("{}: schema version {}, this minutebook's is {}; ingest it again with this minutebook",
                              p, info.schema, kSchemaVersion));
    }
    if (!shards.empty() && info.is_public != shards.front().is_public) {
      return Fail(ErrorCode::kInvalidArgument, fmt::format("{} is a {} index but {} is {}: a public and a full index "
                                                           "cannot be merged",
                                                           p, info.is_public ? "public" : "full",
                                                           shards.front().source,
                                                           shards.front().is_public ? "public" : "full"));
    }
    if (auto [it, fresh] = seen.emplace(info.identity, p); !fresh) {
      return Fail(ErrorCode::kInvalidArgument, fmt::format("{} and {} are the same shard ({})", it->second, p, info.identity));
    }
    versions.insert(info.versions.begin(), info.versions.end());
    if (versions.size() > 1) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("{}: documents of another pipeline version than the other shards ({}); ingest every shard "
                              "with the same minutebook and rules",
                              p, fmt::join(versions, " / ")));
    }
    shards.push_back(std::move(info));
  }

  if (auto parent = fs::path(into).parent_path(); !parent.empty()) {
    std::error_code ec;
    fs::create_directories(parent, ec);
  }
  MB_ASSIGN(lock, WriterLock::Acquire(
                      into, "another minutebook ingest or merge is writing to this index; try again when it has finished"));
  {
    // Creates the index, or brings an older one up to this schema.
    MB_ASSIGN(created, Index::Open(into));
  }
  MB_ASSIGN(db, Database::Open(into, /*read_only=*/false, 5000));
  MB_TRY(db->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"));
  MB_ASSIGN(own_shard, Scalar(*db, "SELECT value FROM meta WHERE key = 'shard'"));
  if (own_shard) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("{} is itself shard {}; merge into a new file", into, *own_shard));
  }
  MB_ASSIGN(content, Scalar(*db, "SELECT (SELECT count(*) FROM documents) + (SELECT count(*) FROM failures)"));
  MB_ASSIGN(own_public, Scalar(*db, "SELECT value FROM meta WHERE key = 'public'"));
  const bool shards_public = shards.front().is_public;
  // As for ingest, an index with content and no flag is a full one.
  const bool target_public = own_public.value_or("0") == "1";
  if (content.value_or("0") != "0" && target_public != shards_public) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("{} is a {} index and the shards are {}: a public and a full "
                                                         "index cannot be merged",
                                                         into, target_public ? "public" : "full",
                                                         shards_public ? "public" : "full"));
  }
  MB_TRY(db->Exec(R"sql(
    CREATE TABLE IF NOT EXISTS merge_paths(path TEXT PRIMARY KEY, shard TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS merge_paths_shard ON merge_paths(shard);
    CREATE TABLE IF NOT EXISTS merge_shards(shard TEXT PRIMARY KEY, source TEXT NOT NULL, merged_at TEXT NOT NULL,
                                            documents INTEGER NOT NULL, failures INTEGER NOT NULL);)sql"));
  {
    MB_ASSIGN(set_public, db->Prepare("INSERT OR REPLACE INTO meta(key, value) VALUES('public', ?1)"));
    MB_TRY(set_public.Bind(1, shards_public ? "1" : "0").Run());
  }
  // Documents that stay (not from a shard being merged) must be of the
  // shards' pipeline version too.
  if (!versions.empty()) {
    MB_TRY(db->Exec("DROP TABLE IF EXISTS temp.mb_incoming; CREATE TEMP TABLE mb_incoming(shard TEXT PRIMARY KEY)"));
    MB_ASSIGN(add, db->Prepare("INSERT OR IGNORE INTO temp.mb_incoming VALUES(?1)"));
    for (const auto& s : shards) MB_TRY(add.Bind(1, s.identity).Run());
    MB_ASSIGN(staying, Column(*db, "SELECT DISTINCT pipeline_version FROM documents WHERE path NOT IN "
                                   "(SELECT path FROM merge_paths WHERE shard IN (SELECT shard FROM temp.mb_incoming))"));
    for (const auto& v : staying) {
      if (v != *versions.begin()) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("{} holds documents of pipeline version {} and the shards are {}; merge into a new file "
                                "or ingest the shards again with the same minutebook and rules",
                                into, v, *versions.begin()));
      }
    }
  }

  Merger merger(*db);
  std::vector<MergedShard> out;
  for (const auto& s : shards) {
    auto merged = merger.MergeOne(s);
    if (!merged) return Fail(merged.error().code, s.source + ": " + merged.error().message);
    if (progress) progress(*merged);
    out.push_back(std::move(*merged));
  }
  if (finish) {
    MB_ASSIGN(index, Index::Open(into));
    MB_TRY(finish(*index));
  }
  return out;
}

}  // namespace minutebook::index
