/*
 * libgoc — the database schema: recognising a file, creating the schema,
 * and migrating older schemas forward one step per transaction.
 *
 * The schema is a contract for integrators who read the file directly
 * (docs/ describes it): table and column names say what they hold, enums
 * are stored as their text names, dates as YYYY-MM-DD text.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* PRAGMA application_id of every libgoc database: "GOC!" */
#define GOC_APPLICATION_ID 0x474F4321

/* migrations[v] takes a database from user_version v to v + 1: its SQL,
 * then its hook (or NULL), in one transaction. */
static const struct migration {
	const char *sql;
	int (*hook)(goc_db *db);
} migrations[GOC_SCHEMA_VERSION] = {
	/* 0 → 1: the register */
	{
		"CREATE TABLE units ("
		"  code    TEXT PRIMARY KEY,"
		"  name_zh TEXT NOT NULL UNIQUE,"
		"  name_en TEXT UNIQUE COLLATE NOCASE,"
		"  kind    TEXT NOT NULL CHECK (kind IN ('department','party_office','bureau'))"
		");"
		"CREATE TABLE unit_groups ("
		"  code    TEXT PRIMARY KEY,"
		"  name_zh TEXT NOT NULL UNIQUE,"
		"  name_en TEXT UNIQUE COLLATE NOCASE"
		");"
		"CREATE TABLE unit_group_members ("
		"  group_code TEXT NOT NULL REFERENCES unit_groups(code) ON DELETE CASCADE,"
		"  unit_code  TEXT NOT NULL REFERENCES units(code),"
		"  PRIMARY KEY (group_code, unit_code)"
		") WITHOUT ROWID;"
		"CREATE INDEX unit_group_members_unit ON unit_group_members(unit_code);"
		"CREATE TABLE zones ("
		"  code    TEXT PRIMARY KEY,"
		"  name_zh TEXT NOT NULL UNIQUE,"
		"  name_en TEXT,"
		"  focus   TEXT CHECK (focus IN ('economic','scitech','professional','trade',"
		"                                'standards','arbitration','finance','other')),"
		"  bureau  TEXT REFERENCES units(code)"
		");"
		"CREATE TABLE organizations ("
		"  id         INTEGER PRIMARY KEY,"
		"  name_zh    TEXT NOT NULL UNIQUE,"
		"  name_en    TEXT UNIQUE COLLATE NOCASE,"
		"  category   TEXT NOT NULL CHECK (category IN ('economic','scitech','professional',"
		"               'trade','standards','arbitration','finance','other')),"
		"  origin     TEXT NOT NULL CHECK (origin IN ('international','local')),"
		"  zone       TEXT REFERENCES zones(code),"
		"  unit       TEXT REFERENCES units(code),"
		"  id_scheme  TEXT,"
		"  id_value   TEXT,"
		"  notes      TEXT,"
		"  stage      TEXT NOT NULL CHECK (stage IN ('target','contacting','negotiating',"
		"               'approved','landed','operating','withdrawn')),"
		"  stage_date TEXT NOT NULL,"
		"  created    TEXT NOT NULL,"
		"  UNIQUE (id_scheme, id_value),"
		"  CHECK ((id_scheme IS NULL) = (id_value IS NULL))"
		");"
		"CREATE INDEX organizations_zone ON organizations(zone);"
		"CREATE INDEX organizations_unit ON organizations(unit);"
		"CREATE INDEX organizations_stage ON organizations(stage);"
		"CREATE TABLE stage_history ("
		"  seq         INTEGER PRIMARY KEY,"
		"  org_id      INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,"
		"  from_stage  TEXT,"
		"  to_stage    TEXT NOT NULL,"
		"  date        TEXT NOT NULL,"
		"  unit        TEXT REFERENCES units(code),"
		"  note        TEXT,"
		"  recorded_by TEXT,"
		"  recorded_at TEXT NOT NULL"
		");"
		"CREATE INDEX stage_history_org ON stage_history(org_id, seq);"
		"CREATE INDEX stage_history_to ON stage_history(to_stage, date, org_id);"
		"CREATE TABLE risk_reviews ("
		"  id          INTEGER PRIMARY KEY,"
		"  org_id      INTEGER NOT NULL REFERENCES organizations(id),"
		"  outcome     TEXT NOT NULL CHECK (outcome IN ('cleared','flagged','rejected')),"
		"  date        TEXT NOT NULL,"
		"  unit        TEXT REFERENCES units(code),"
		"  note        TEXT,"
		"  recorded_by TEXT,"
		"  recorded_at TEXT NOT NULL"
		");"
		"CREATE INDEX risk_reviews_org ON risk_reviews(org_id, date, id);"
		"CREATE TABLE hq_milestones ("
		"  org_id      INTEGER PRIMARY KEY REFERENCES organizations(id),"
		"  date        TEXT NOT NULL,"
		"  unit        TEXT REFERENCES units(code),"
		"  note        TEXT,"
		"  recorded_by TEXT,"
		"  recorded_at TEXT NOT NULL"
		");"
		"CREATE TABLE change_log ("
		"  seq         INTEGER PRIMARY KEY,"
		"  recorded_at TEXT NOT NULL,"
		"  actor       TEXT,"
		"  action      TEXT NOT NULL,"
		"  object_kind TEXT NOT NULL,"
		"  object_id   TEXT"
		");",
		NULL
	},

	/* 1 → 2: plans, tasks, responsibility, progress reports */
	{
		"CREATE TABLE plans ("
		"  code       TEXT PRIMARY KEY,"
		"  title_zh   TEXT NOT NULL,"
		"  title_en   TEXT,"
		"  issuer     TEXT,"
		"  issued     TEXT,"
		"  source     TEXT,"
		"  start_date TEXT,"
		"  end_date   TEXT"
		");"
		"CREATE TABLE plan_goals ("
		"  plan     TEXT NOT NULL REFERENCES plans(code) ON DELETE CASCADE,"
		"  code     TEXT NOT NULL,"
		"  position INTEGER NOT NULL,"
		"  title_zh TEXT NOT NULL,"
		"  title_en TEXT,"
		"  text     TEXT,"
		"  PRIMARY KEY (plan, code)"
		");"
		"CREATE TABLE tasks ("
		"  id          INTEGER PRIMARY KEY,"
		"  plan        TEXT NOT NULL REFERENCES plans(code) ON DELETE CASCADE,"
		"  code        TEXT NOT NULL,"
		"  parent_id   INTEGER REFERENCES tasks(id) ON DELETE CASCADE,"
		"  level       TEXT NOT NULL CHECK (level IN ('section','task','item')),"
		"  position    INTEGER NOT NULL,"
		"  label       TEXT,"
		"  title_zh    TEXT,"
		"  title_en    TEXT,"
		"  text        TEXT,"
		"  due         TEXT,"
		"  recurrence  TEXT NOT NULL DEFAULT 'none' CHECK (recurrence IN ('none','annual')),"
		"  status      TEXT NOT NULL DEFAULT 'not_started' CHECK (status IN"
		"                ('not_started','in_progress','done','blocked','cancelled')),"
		"  status_date TEXT,"
		"  done_date   TEXT,"
		"  UNIQUE (plan, code)"
		");"
		"CREATE INDEX tasks_parent ON tasks(parent_id, position);"
		"CREATE INDEX tasks_plan_root ON tasks(plan, parent_id, position);"
		"CREATE TABLE task_assignments ("
		"  task_id    INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,"
		"  party      TEXT NOT NULL,"
		"  unit       TEXT REFERENCES units(code),"
		"  unit_group TEXT REFERENCES unit_groups(code),"
		"  role       TEXT NOT NULL CHECK (role IN ('lead','responsible')),"
		"  PRIMARY KEY (task_id, party),"
		"  CHECK ((unit IS NULL) <> (unit_group IS NULL) AND party = coalesce(unit, unit_group))"
		");"
		"CREATE INDEX task_assignments_unit ON task_assignments(unit);"
		"CREATE INDEX task_assignments_group ON task_assignments(unit_group);"
		"CREATE TABLE progress_reports ("
		"  id          INTEGER PRIMARY KEY,"
		"  task_id     INTEGER NOT NULL REFERENCES tasks(id),"
		"  unit        TEXT NOT NULL REFERENCES units(code),"
		"  period      TEXT NOT NULL,"
		"  date        TEXT NOT NULL,"
		"  status      TEXT NOT NULL CHECK (status IN"
		"                ('not_started','in_progress','done','blocked','cancelled')),"
		"  percent     INTEGER CHECK (percent BETWEEN 0 AND 100),"
		"  text        TEXT,"
		"  evidence    TEXT,"
		"  supersedes  INTEGER UNIQUE REFERENCES progress_reports(id),"
		"  recorded_by TEXT,"
		"  recorded_at TEXT NOT NULL"
		");"
		"CREATE INDEX progress_reports_task ON progress_reports(task_id, unit, period);",
		NULL
	},

	/* 2 → 3: activity registers and KPIs */
	{
		"CREATE TABLE partners ("
		"  id       INTEGER PRIMARY KEY,"
		"  name_zh  TEXT NOT NULL UNIQUE,"
		"  name_en  TEXT,"
		"  kind     TEXT NOT NULL CHECK (kind IN ('multinational','leading_enterprise','financial',"
		"             'chamber','professional_body','other')),"
		"  unit     TEXT NOT NULL REFERENCES units(code),"
		"  date     TEXT NOT NULL,"
		"  contact  TEXT,"
		"  notes    TEXT"
		");"
		"CREATE INDEX partners_unit ON partners(unit, date);"
		"CREATE TABLE experts ("
		"  id          INTEGER PRIMARY KEY,"
		"  name        TEXT NOT NULL,"
		"  field       TEXT,"
		"  affiliation TEXT,"
		"  unit        TEXT NOT NULL REFERENCES units(code),"
		"  date        TEXT NOT NULL,"
		"  notes       TEXT,"
		"  UNIQUE (unit, name)"
		");"
		"CREATE INDEX experts_unit ON experts(unit, date);"
		"CREATE TABLE events ("
		"  id            INTEGER PRIMARY KEY,"
		"  title_zh      TEXT NOT NULL,"
		"  title_en      TEXT,"
		"  date          TEXT NOT NULL,"
		"  zone          TEXT REFERENCES zones(code),"
		"  kind          TEXT NOT NULL CHECK (kind IN ('conference','forum','promotion','other')),"
		"  international INTEGER NOT NULL CHECK (international IN (0, 1)),"
		"  large         INTEGER NOT NULL CHECK (large IN (0, 1)),"
		"  unit          TEXT NOT NULL REFERENCES units(code),"
		"  notes         TEXT"
		");"
		"CREATE INDEX events_date ON events(date);"
		"CREATE INDEX events_zone ON events(zone, date);"
		"CREATE TABLE event_organizers ("
		"  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,"
		"  unit     TEXT NOT NULL REFERENCES units(code),"
		"  PRIMARY KEY (event_id, unit)"
		") WITHOUT ROWID;"
		"CREATE INDEX event_organizers_unit ON event_organizers(unit);"
		"CREATE TABLE event_organizations ("
		"  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,"
		"  org_id   INTEGER NOT NULL REFERENCES organizations(id),"
		"  PRIMARY KEY (event_id, org_id)"
		") WITHOUT ROWID;"
		"CREATE INDEX event_organizations_org ON event_organizations(org_id);"
		"CREATE TABLE service_requests ("
		"  id        INTEGER PRIMARY KEY,"
		"  org_id    INTEGER NOT NULL REFERENCES organizations(id),"
		"  category  TEXT NOT NULL CHECK (category IN ('registration','visa','talent','office','tax','other')),"
		"  opened    TEXT NOT NULL,"
		"  unit      TEXT NOT NULL REFERENCES units(code),"
		"  summary   TEXT NOT NULL,"
		"  resolved  TEXT CHECK (resolved IS NULL OR resolved >= opened),"
		"  outcome   TEXT,"
		"  notes     TEXT,"
		"  CHECK ((resolved IS NULL) = (outcome IS NULL))"
		");"
		"CREATE INDEX service_requests_org ON service_requests(org_id);"
		"CREATE INDEX service_requests_resolved ON service_requests(resolved);"
		"CREATE TABLE zone_facts ("
		"  zone         TEXT NOT NULL REFERENCES zones(code),"
		"  date         TEXT NOT NULL,"
		"  office_space INTEGER NOT NULL CHECK (office_space IN (0, 1)),"
		"  contact      TEXT,"
		"  PRIMARY KEY (zone, date)"
		") WITHOUT ROWID;"
		"CREATE TABLE kpis ("
		"  id            INTEGER PRIMARY KEY,"
		"  plan          TEXT NOT NULL REFERENCES plans(code) ON DELETE CASCADE,"
		"  code          TEXT NOT NULL,"
		"  name_zh       TEXT NOT NULL,"
		"  name_en       TEXT,"
		"  measure       TEXT NOT NULL,"
		"  scope         TEXT NOT NULL CHECK (scope IN ('plan','zone','unit','zones')),"
		"  members       TEXT,"
		"  window        TEXT NOT NULL CHECK (window IN ('period','annual','cumulative')),"
		"  start_date    TEXT NOT NULL,"
		"  end_date      TEXT NOT NULL,"
		"  baseline_date TEXT,"
		"  baseline      REAL NOT NULL DEFAULT 0,"
		"  direction     TEXT NOT NULL CHECK (direction IN ('higher','lower')),"
		"  weight        REAL NOT NULL,"
		"  at_risk       REAL NOT NULL,"
		"  stage         TEXT,"
		"  category      TEXT,"
		"  origin        TEXT,"
		"  event_kind    TEXT,"
		"  international INTEGER,"
		"  large         INTEGER,"
		"  days          INTEGER,"
		"  tasks         TEXT,"
		"  UNIQUE (plan, code)"
		");"
		"CREATE TABLE kpi_targets ("
		"  kpi_id     INTEGER NOT NULL REFERENCES kpis(id) ON DELETE CASCADE,"
		"  member     TEXT NOT NULL DEFAULT '',"
		"  valid_from TEXT NOT NULL,"
		"  target_min REAL NOT NULL,"
		"  target_max REAL,"
		"  PRIMARY KEY (kpi_id, member, valid_from)"
		") WITHOUT ROWID;"
		"CREATE TABLE kpi_measurements ("
		"  kpi_id  INTEGER NOT NULL REFERENCES kpis(id) ON DELETE CASCADE,"
		"  member  TEXT NOT NULL DEFAULT '',"
		"  date    TEXT NOT NULL,"
		"  value   REAL NOT NULL,"
		"  note    TEXT,"
		"  PRIMARY KEY (kpi_id, member, date)"
		") WITHOUT ROWID;",
		NULL
	},

	/* 3 → 4: access roles; the audit trail becomes a hash chain with the
	 * values before and after each change (the old records are copied in
	 * order and hashed by goc__audit_rehash()) */
	{
		"ALTER TABLE units ADD COLUMN access TEXT NOT NULL DEFAULT 'unit'"
		"  CHECK (access IN ('admin','unit','viewer'));"
		"ALTER TABLE change_log RENAME TO change_log_v3;"
		"CREATE TABLE change_log ("
		"  seq         INTEGER PRIMARY KEY,"
		"  recorded_at TEXT NOT NULL,"
		"  actor       TEXT,"
		"  action      TEXT NOT NULL,"
		"  object_kind TEXT NOT NULL,"
		"  object_id   TEXT,"
		"  outcome     TEXT NOT NULL,"
		"  detail      TEXT,"
		"  before      TEXT,"
		"  after       TEXT,"
		"  hash        BLOB NOT NULL"
		");"
		"CREATE INDEX change_log_object ON change_log(object_kind, object_id);"
		"CREATE INDEX change_log_actor ON change_log(actor);"
		"INSERT INTO change_log (seq, recorded_at, actor, action, object_kind, object_id,"
		"                        outcome, hash)"
		"  SELECT seq, recorded_at, actor, action, object_kind, object_id, 'ok', x''"
		"  FROM change_log_v3 ORDER BY seq;"
		"DROP TABLE change_log_v3;"
		/* append-only, against accidents: libgoc never updates or deletes a
		 * record (tampering on purpose is found by goc_audit_verify()) */
		"CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log"
		"  WHEN old.hash <> x'' BEGIN"
		"  SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
		"CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log BEGIN"
		"  SELECT RAISE(ABORT, 'the audit trail is append-only'); END;",
		goc__audit_rehash /* hashes the records copied above, in order */
	},
	/* 4 → 5: indexes for KPI evaluation (bench/, benchmark 2): an
	 * organization's stage on a date is one step down (org_id, date, seq)
	 * with the stage in the index; organizations followed by each unit up
	 * to a date are counted from (unit, created) alone. */
	{
		("CREATE INDEX stage_history_org_date ON stage_history(org_id, date, seq, to_stage);"
		 "CREATE INDEX organizations_unit_created ON organizations(unit, created);"),
		NULL
	},
	/* 5 → 6: the risk gate and a stricter trail.  Reviewing units are
	 * data (units.reviewer; 公安分局, code 'police', by default); a unit
	 * following an organization requests a review (review_requests) and
	 * the first review recorded after the request answers it.  A record
	 * of the trail cannot be replaced by INSERT OR REPLACE (which deletes
	 * the old row without firing the delete trigger). */
	{
		"ALTER TABLE units ADD COLUMN reviewer INTEGER NOT NULL DEFAULT 0"
		"  CHECK (reviewer IN (0, 1));"
		"UPDATE units SET reviewer = 1 WHERE code = 'police';"
		"CREATE TABLE review_requests ("
		"  id          INTEGER PRIMARY KEY,"
		"  org_id      INTEGER NOT NULL REFERENCES organizations(id),"
		"  unit        TEXT REFERENCES units(code),"
		"  date        TEXT NOT NULL,"
		"  note        TEXT,"
		"  review_id   INTEGER REFERENCES risk_reviews(id),"
		"  recorded_by TEXT,"
		"  recorded_at TEXT NOT NULL"
		");"
		"CREATE INDEX review_requests_org ON review_requests(org_id, review_id);"
		"CREATE INDEX review_requests_pending ON review_requests(review_id, id);"
		"CREATE TRIGGER change_log_no_replace BEFORE INSERT ON change_log"
		"  WHEN EXISTS (SELECT 1 FROM change_log WHERE seq = new.seq) BEGIN"
		"  SELECT RAISE(ABORT, 'the audit trail is append-only'); END;",
		NULL
	},
	/* 6 → 7: names are unique by their normalized key (lib/name.c; the
	 * SQL function goc_name_key() is libgoc's own, registered on every
	 * handle), not byte for byte: ＡＢＣ and ABC are one organization.
	 * Names stored before that keep their key; one whose key an older
	 * record already has gets its own id as disambiguator (*_dup), so
	 * nothing is lost and the step cannot fail on existing data, and the
	 * pairs can be listed (goc_org_name_collisions()).  New and renamed
	 * records are written with *_dup = 0: the unique indexes refuse them.
	 * (The English names' index leaves out the organizations without one:
	 * one B-tree insert less for each of them, measured in bench/.) */
	{
		("ALTER TABLE organizations ADD COLUMN name_zh_key TEXT;"
		 "ALTER TABLE organizations ADD COLUMN name_en_key TEXT;"
		 "ALTER TABLE organizations ADD COLUMN name_zh_dup INTEGER NOT NULL DEFAULT 0;"
		 "ALTER TABLE organizations ADD COLUMN name_en_dup INTEGER NOT NULL DEFAULT 0;"
		 "UPDATE organizations SET name_zh_key = goc_name_key(name_zh),"
		 "  name_en_key = goc_name_key(name_en);"
		 "UPDATE organizations SET name_zh_dup = id WHERE id NOT IN"
		 "  (SELECT min(id) FROM organizations GROUP BY name_zh_key);"
		 "UPDATE organizations SET name_en_dup = id WHERE name_en_key IS NOT NULL AND id NOT IN"
		 "  (SELECT min(id) FROM organizations WHERE name_en_key IS NOT NULL GROUP BY name_en_key);"
		 "CREATE UNIQUE INDEX organizations_name_zh_key ON organizations(name_zh_key, name_zh_dup);"
		 "CREATE UNIQUE INDEX organizations_name_en_key ON organizations(name_en_key, name_en_dup)"
		 "  WHERE name_en_key IS NOT NULL;"
		 "ALTER TABLE partners ADD COLUMN name_zh_key TEXT;"
		 "ALTER TABLE partners ADD COLUMN name_zh_dup INTEGER NOT NULL DEFAULT 0;"
		 "UPDATE partners SET name_zh_key = goc_name_key(name_zh);"
		 "UPDATE partners SET name_zh_dup = id WHERE id NOT IN"
		 "  (SELECT min(id) FROM partners GROUP BY name_zh_key);"
		 "CREATE UNIQUE INDEX partners_name_zh_key ON partners(name_zh_key, name_zh_dup);"),
		NULL
	},
	/* 7 → 8: people in the library (lib/user.c).  A person logs in with a
	 * password (stored only as an argon2id string of libsodium) or a token
	 * (stored only as its SHA-256), and acts for one unit.  Failed logins
	 * are kept (login_failures, unix seconds) to refuse guessing.  Every
	 * record of the trail names the person as well as the unit: records
	 * from now on are of layout 2 (their hash covers `person`); the ones
	 * before keep layout 1 and verify as they did. */
	{
		("CREATE TABLE users ("
		 "  id            INTEGER PRIMARY KEY,"
		 "  login         TEXT NOT NULL UNIQUE,"
		 "  name          TEXT NOT NULL,"
		 "  unit          TEXT NOT NULL REFERENCES units(code),"
		 "  phone         TEXT,"
		 "  email         TEXT,"
		 "  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),"
		 "  created       TEXT NOT NULL,"
		 "  password_hash TEXT NOT NULL"
		 ");"
		 "CREATE INDEX users_unit ON users(unit, login);"
		 "CREATE TABLE tokens ("
		 "  id           INTEGER PRIMARY KEY,"
		 "  login        TEXT NOT NULL REFERENCES users(login),"
		 "  label        TEXT NOT NULL,"
		 "  created      TEXT NOT NULL,"
		 "  expires      TEXT,"
		 "  revoked      INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1)),"
		 "  last_used    TEXT,"
		 "  token_sha256 TEXT NOT NULL UNIQUE"
		 ");"
		 "CREATE INDEX tokens_login ON tokens(login, id);"
		 "CREATE TABLE login_failures ("
		 "  id      INTEGER PRIMARY KEY,"
		 "  login   TEXT,"
		 "  address TEXT,"
		 "  at      INTEGER NOT NULL"
		 ");"
		 "CREATE INDEX login_failures_login ON login_failures(login, at);"
		 "CREATE INDEX login_failures_address ON login_failures(address, at);"
		 "ALTER TABLE change_log ADD COLUMN person TEXT;"
		 "ALTER TABLE change_log ADD COLUMN layout INTEGER NOT NULL DEFAULT 1"
		 "  CHECK (layout IN (1, 2));"
		 "CREATE INDEX change_log_person ON change_log(person);"),
		NULL
	},
	/* 8 → 9: reporting cycles and deadlines, and whom to remind (催报).
	 * A plan reports on a cycle (monthly, quarterly, half_yearly, annual;
	 * quarterly by default, as the Pudong plan does) with its reports due
	 * report_deadline_days calendar days after each period ends (10 by
	 * default).  A unit names a contact person, a phone and an e-mail
	 * address (all optional). */
	{
		("ALTER TABLE plans ADD COLUMN report_cycle TEXT NOT NULL DEFAULT 'quarterly'"
		 "  CHECK (report_cycle IN ('monthly','quarterly','half_yearly','annual'));"
		 "ALTER TABLE plans ADD COLUMN report_deadline_days INTEGER NOT NULL DEFAULT 10"
		 "  CHECK (report_deadline_days BETWEEN 0 AND 366);"
		 "ALTER TABLE units ADD COLUMN contact TEXT;"
		 "ALTER TABLE units ADD COLUMN phone TEXT;"
		 "ALTER TABLE units ADD COLUMN email TEXT;"),
		NULL
	},
};

static int pragma_int(goc_db *db, const char *sql, int *out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*out = sqlite3_column_int(st, 0);
			rc = SQLITE_OK;
		}
		sqlite3_finalize(st);
	}
	if (rc == SQLITE_OK)
		return GOC_OK;
	if ((rc & 0xff) == SQLITE_NOTADB)
		return goc__err(db, GOC_ENOTDB, "%s: file is not a SQLite database", db->path);
	return goc__sqlerr(db, rc, db->path);
}

struct file_state {
	int app_id, user_version, n_objects;
};

static int read_state(goc_db *db, struct file_state *fs)
{
	int rc = pragma_int(db, "PRAGMA application_id", &fs->app_id);
	if (rc == GOC_OK)
		rc = pragma_int(db, "PRAGMA user_version", &fs->user_version);
	if (rc == GOC_OK)
		rc = pragma_int(db, "SELECT count(*) FROM sqlite_master", &fs->n_objects);
	return rc;
}

/* Is this file ours (or empty), and at which version?  Never writes. */
static int classify(goc_db *db, const struct file_state *fs)
{
	if (fs->app_id == GOC_APPLICATION_ID) {
		if (fs->user_version > GOC_SCHEMA_VERSION)
			return goc__err(db, GOC_EVERSION,
			                "%s: schema version %d was written by a newer libgoc (this one reads up to %d)",
			                db->path, fs->user_version, GOC_SCHEMA_VERSION);
		/* no libgoc writes these: a file set by hand, or damaged */
		if (fs->user_version < 0)
			return goc__err(db, GOC_EVERSION,
			                "%s: schema version %d is not one libgoc writes (0 to %d)",
			                db->path, fs->user_version, GOC_SCHEMA_VERSION);
		if (fs->user_version == 0 && fs->n_objects > 0)
			return goc__err(db, GOC_ENOTDB,
			                "%s: a libgoc application_id, but schema version 0 and %d"
			                " tables or indexes that libgoc did not make",
			                db->path, fs->n_objects);
		return GOC_OK;
	}
	if (fs->app_id == 0 && fs->user_version == 0 && fs->n_objects == 0)
		return GOC_OK; /* empty: ours to create */
	return goc__err(db, GOC_ENOTDB,
	                "%s: a SQLite database, but not a libgoc database (application_id 0x%08X)",
	                db->path, (unsigned)fs->app_id);
}

int goc__schema_open(goc_db *db)
{
	struct file_state fs;
	int rc = read_state(db, &fs);
	if (rc == GOC_OK)
		rc = classify(db, &fs);
	if (rc != GOC_OK)
		return rc;
	bool current = fs.app_id == GOC_APPLICATION_ID &&
	               fs.user_version == GOC_SCHEMA_VERSION;
	if (current)
		return GOC_OK;
	if (db->readonly)
		return goc__err(db, GOC_EREADONLY,
		                fs.user_version
		                    ? N_("%s: the database needs migrating (schema %d → %d) but is opened read-only")
		                    : N_("%s: the database needs creating (schema %d → %d) but is opened read-only"),
		                db->path, fs.user_version, GOC_SCHEMA_VERSION);

	/* Each step is its own transaction; the state is read again under the
	 * write lock, since another process may have created or migrated the
	 * file meanwhile. */
	for (;;) {
		rc = goc__exec(db, "BEGIN IMMEDIATE", db->path);
		if (rc != GOC_OK)
			return rc;
		rc = read_state(db, &fs);
		if (rc == GOC_OK)
			rc = classify(db, &fs);
		if (rc != GOC_OK || fs.user_version == GOC_SCHEMA_VERSION) {
			sqlite3_exec(db->sql, rc == GOC_OK ? "COMMIT" : "ROLLBACK",
			             NULL, NULL, NULL);
			return rc;
		}
		const struct migration *m = &migrations[fs.user_version];
		rc = goc__exec(db, m->sql, "creating the schema");
		if (rc == GOC_OK && m->hook)
			rc = m->hook(db);
		if (rc == GOC_OK) {
			char sql[96];
			snprintf(sql, sizeof sql,
			         "PRAGMA application_id = %d; PRAGMA user_version = %d",
			         GOC_APPLICATION_ID, fs.user_version + 1);
			rc = goc__exec(db, sql, "setting the schema version");
		}
		if (rc == GOC_OK)
			rc = goc__exec(db, "COMMIT", "committing the schema");
		if (rc != GOC_OK) {
			sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
			return rc;
		}
	}
}
