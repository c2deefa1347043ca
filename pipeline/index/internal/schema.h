#ifndef MINUTEBOOK_INDEX_INTERNAL_SCHEMA_H_
#define MINUTEBOOK_INDEX_INTERNAL_SCHEMA_H_

namespace minutebook::index {

// Migration N takes the schema from version N to N+1. Released migrations are
// never edited: a change to the schema is a new entry.
//
// FTS: unicode61 with remove_diacritics 2 so "D'Urso"/"Durso" and accented
// names match; no Porter stemming, because board papers are searched for
// names, acronyms and exact terms ("Prevent", "ISA") that stemming conflates
// with ordinary words; users get word forms with prefix queries (resettle*).
inline constexpr const char* kMigrations[] = {
    R"sql(
CREATE TABLE documents(
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  sha256 TEXT NOT NULL,
  kind TEXT NOT NULL,
  page_count INTEGER NOT NULL,
  ingested_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'ok',
  pipeline_version TEXT NOT NULL DEFAULT '',
  warnings TEXT NOT NULL DEFAULT '');
CREATE TABLE pages(
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  text TEXT NOT NULL,
  normalised TEXT NOT NULL,
  ocr INTEGER NOT NULL DEFAULT 0,
  ocr_confidence REAL,
  UNIQUE(document_id, number));
CREATE VIRTUAL TABLE pages_fts USING fts5(
  normalised, content='pages', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER pages_ai AFTER INSERT ON pages BEGIN
  INSERT INTO pages_fts(rowid, normalised) VALUES (new.id, new.normalised);
END;
CREATE TRIGGER pages_ad AFTER DELETE ON pages BEGIN
  INSERT INTO pages_fts(pages_fts, rowid, normalised) VALUES ('delete', old.id, old.normalised);
END;
CREATE TABLE meetings(
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  date TEXT NOT NULL, body TEXT NOT NULL, kind TEXT NOT NULL, venue TEXT NOT NULL,
  page INTEGER NOT NULL);
CREATE TABLE attendees(
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  meeting_date TEXT NOT NULL, name TEXT NOT NULL, person TEXT NOT NULL, role TEXT NOT NULL,
  chair INTEGER NOT NULL, minute_taker INTEGER NOT NULL, page INTEGER NOT NULL);
CREATE TABLE actions(
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  meeting_date TEXT NOT NULL, text TEXT NOT NULL, status TEXT NOT NULL,
  item TEXT NOT NULL, page INTEGER NOT NULL);
CREATE TABLE action_owners(
  action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
  position INTEGER NOT NULL, owner TEXT NOT NULL, written TEXT NOT NULL,
  PRIMARY KEY(action_id, position));
CREATE INDEX action_owners_owner ON action_owners(owner);
CREATE TABLE reports(
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  meeting_date TEXT NOT NULL, title TEXT NOT NULL, date TEXT NOT NULL,
  authors TEXT NOT NULL, contacts TEXT NOT NULL, security TEXT, page INTEGER NOT NULL,
  line INTEGER NOT NULL DEFAULT -1);
CREATE TABLE restricted(
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  meeting_date TEXT NOT NULL, label TEXT NOT NULL, kind TEXT NOT NULL,
  content_published INTEGER NOT NULL, evidence TEXT NOT NULL, page INTEGER NOT NULL);
CREATE TABLE markings(
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  value TEXT NOT NULL, source TEXT NOT NULL, page INTEGER NOT NULL, line INTEGER NOT NULL DEFAULT -1);
CREATE INDEX markings_document ON markings(document_id);
CREATE VIRTUAL TABLE items_fts USING fts5(
  kind UNINDEXED, text, document_id UNINDEXED, page UNINDEXED, meeting_date UNINDEXED,
  tokenize='unicode61 remove_diacritics 2');
CREATE TABLE ocr_cache(
  key TEXT PRIMARY KEY, text TEXT NOT NULL, confidence REAL NOT NULL, created TEXT NOT NULL);
CREATE TABLE failures(
  path TEXT PRIMARY KEY, sha256 TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL);
CREATE INDEX meetings_document ON meetings(document_id, page);
CREATE INDEX attendees_document ON attendees(document_id);
CREATE INDEX actions_document ON actions(document_id);
CREATE INDEX reports_document ON reports(document_id);
CREATE INDEX restricted_document ON restricted(document_id);
)sql",
    // 1 -> 2: why a page was OCR'd (ocr::OcrReasonName), and how a
    // restricted item's label was found (title | heading | none).
    R"sql(
ALTER TABLE pages ADD COLUMN ocr_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE restricted ADD COLUMN label_source TEXT NOT NULL DEFAULT 'title';
)sql",
    // 2 -> 3 (#13: what a back-fill of 100,000 pages needs stored).
    // Pages: a page's text in one zstd blob (internal/page_body.h): the
    // original beside its normalised form cost two plain copies, 2x the raw
    // text before FTS. pages_fts reads its content through the view
    // page_text, which unpacks the blob with mb_page_normalised().
    // People resolved across the index, stored so that queries look
    // them up (written whole by Index::StorePeople, see roster/roster.h).
    // people_persons.id is the people stage's PersonId; people_actions holds
    // the tracked actions in tracking order, people_action_owners each one's
    // owners (person_id NULL for a group or a name left as written).
    // people_state holds the resolver for queries and the unresolved names.
    // attendees.person_id, action_owners.person_id and reports.author_ids
    // (a JSON array, null for a name left as written) give the person each
    // name resolved to where it was written (people::Canonicalise).
    // The triggers mark the stored people out of date whenever a document
    // is added, replaced or removed (by ingest or merge alike).
    // Hidden text: the hidden-text (failed redaction) check made when a PDF
    // is read: whether it ran (0 for documents indexed before it existed,
    // which the audit then checks itself or reports), and the covered text.
    R"sql(
DROP TRIGGER pages_ai;
DROP TRIGGER pages_ad;
DROP TABLE pages_fts;
CREATE TABLE pages_packed(
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  body BLOB NOT NULL,
  ocr INTEGER NOT NULL DEFAULT 0,
  ocr_confidence REAL,
  ocr_reason TEXT NOT NULL DEFAULT '',
  UNIQUE(document_id, number));
INSERT INTO pages_packed(id, document_id, number, body, ocr, ocr_confidence, ocr_reason)
  SELECT id, document_id, number, mb_page_pack(text, normalised), ocr, ocr_confidence, ocr_reason FROM pages;
DROP TABLE pages;
ALTER TABLE pages_packed RENAME TO pages;
CREATE VIEW page_text(id, normalised, text) AS
  SELECT id, mb_page_normalised(body), mb_page_text(body) FROM pages;
CREATE VIRTUAL TABLE pages_fts USING fts5(
  normalised, content='page_text', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2');
INSERT INTO pages_fts(pages_fts) VALUES('rebuild');
CREATE TRIGGER pages_ai AFTER INSERT ON pages BEGIN
  INSERT INTO pages_fts(rowid, normalised) VALUES (new.id, mb_page_normalised(new.body));
END;
CREATE TRIGGER pages_ad AFTER DELETE ON pages BEGIN
  INSERT INTO pages_fts(pages_fts, rowid, normalised) VALUES ('delete', old.id, mb_page_normalised(old.body));
END;
CREATE TABLE people_persons(
  id INTEGER PRIMARY KEY,
  canonical TEXT NOT NULL, councillor INTEGER NOT NULL, meetings_attended INTEGER NOT NULL,
  aliases TEXT NOT NULL, emails TEXT NOT NULL,
  actions_open INTEGER NOT NULL, actions_closed INTEGER NOT NULL);
CREATE TABLE people_actions(id INTEGER PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE people_action_owners(
  action_id INTEGER NOT NULL REFERENCES people_actions(id) ON DELETE CASCADE,
  position INTEGER NOT NULL, person_id INTEGER, owner TEXT NOT NULL,
  PRIMARY KEY(action_id, position));
CREATE INDEX people_action_owners_person ON people_action_owners(person_id);
CREATE INDEX people_action_owners_owner ON people_action_owners(owner);
CREATE TABLE people_state(key TEXT PRIMARY KEY, value BLOB NOT NULL);
ALTER TABLE attendees ADD COLUMN person_id INTEGER;
ALTER TABLE action_owners ADD COLUMN person_id INTEGER;
ALTER TABLE reports ADD COLUMN author_ids TEXT;
CREATE TRIGGER people_stale_ai AFTER INSERT ON documents BEGIN
  INSERT OR REPLACE INTO meta(key, value) VALUES('people_current', '0');
END;
CREATE TRIGGER people_stale_ad AFTER DELETE ON documents BEGIN
  INSERT OR REPLACE INTO meta(key, value) VALUES('people_current', '0');
END;
CREATE TRIGGER people_stale_au AFTER UPDATE ON documents BEGIN
  INSERT OR REPLACE INTO meta(key, value) VALUES('people_current', '0');
END;
ALTER TABLE documents ADD COLUMN hidden_checked INTEGER NOT NULL DEFAULT 0;
CREATE TABLE hidden_text(
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  page INTEGER NOT NULL, text TEXT NOT NULL);
CREATE INDEX hidden_text_document ON hidden_text(document_id);
)sql",
    // 3 -> 4 (#13: people updated for what a change touches).
    // documents.people_sha: the SHA-256 of what the people stage reads of
    // the document (its attendees, actions and reports, as stored), '' when
    // that names nobody, NULL when unknown (documents indexed before this
    // migration, which count as naming someone). The stored people go out
    // of date only when a document that names someone is added or removed,
    // or its people_sha changes: a paper without names, or a new version of
    // one whose names and actions are the same, leaves them as they are
    // (Put carries the person ids of a replaced document's rows over).
    // People stored before are out of date: their saved directory lacks the
    // evidence this version stores with it. The web page looks up the
    // meetings a person attended, and the documents holding a meeting.
    R"sql(
ALTER TABLE documents ADD COLUMN people_sha TEXT;
UPDATE meta SET value = '0' WHERE key = 'people_current';
CREATE INDEX attendees_person ON attendees(person_id);
CREATE INDEX meetings_date ON meetings(date, body);
DROP TRIGGER people_stale_ai;
DROP TRIGGER people_stale_ad;
DROP TRIGGER people_stale_au;
CREATE TRIGGER people_stale_ai AFTER INSERT ON documents WHEN new.people_sha IS NOT '' BEGIN
  INSERT OR REPLACE INTO meta(key, value) VALUES('people_current', '0');
END;
CREATE TRIGGER people_stale_ad AFTER DELETE ON documents WHEN old.people_sha IS NOT '' BEGIN
  INSERT OR REPLACE INTO meta(key, value) VALUES('people_current', '0');
END;
CREATE TRIGGER people_stale_au AFTER UPDATE ON documents
WHEN new.people_sha IS NULL OR new.people_sha IS NOT old.people_sha OR new.path IS NOT old.path BEGIN
  INSERT OR REPLACE INTO meta(key, value) VALUES('people_current', '0');
END;
)sql",
};

// The tokenizer of pages_fts and its arguments, as the last migration that
// makes pages_fts declares them (tokenize='unicode61 remove_diacritics 2'):
// what internal::PhraseFinder splits text with to find phrases as pages_fts
// does. A migration that changes them changes this.
inline constexpr const char* kPagesFtsTokenizer[] = {"unicode61", "remove_diacritics", "2"};

}  // namespace minutebook::index

#endif  // MINUTEBOOK_INDEX_INTERNAL_SCHEMA_H_
