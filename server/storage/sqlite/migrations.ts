/** Numbered SQL migrations for the SQLite store. Append only: never edit a migration that has shipped. */

export const SQLITE_MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'boards and document log',
    sql: `
      CREATE TABLE boards (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE doc_updates (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_name TEXT NOT NULL,
        data BLOB NOT NULL
      );
      CREATE INDEX doc_updates_by_doc ON doc_updates (doc_name, seq);
      CREATE TABLE doc_snapshots (
        doc_name TEXT PRIMARY KEY,
        data BLOB NOT NULL,
        through_seq INTEGER NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'accounts, organisations, sharing and invites',
    sql: `
      CREATE TABLE organisations (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        short_name TEXT NOT NULL,
        colour TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX organisations_name ON organisations (name COLLATE NOCASE);
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL,
        name TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        org_id TEXT NOT NULL REFERENCES organisations (id),
        org_role TEXT NOT NULL CHECK (org_role IN ('member', 'admin')),
        is_admin INTEGER NOT NULL DEFAULT 0,
        is_active INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX users_email ON users (email COLLATE NOCASE);
      CREATE INDEX users_org ON users (org_id);
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX sessions_user ON sessions (user_id);
      ALTER TABLE boards ADD COLUMN owner_id TEXT REFERENCES users (id);
      CREATE TABLE board_shares (
        board_id TEXT NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
        principal_type TEXT NOT NULL CHECK (principal_type IN ('user', 'org')),
        principal_id TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('owner', 'facilitator', 'editor', 'viewer')),
        created_at TEXT NOT NULL,
        PRIMARY KEY (board_id, principal_type, principal_id)
      );
      CREATE INDEX board_shares_principal ON board_shares (principal_type, principal_id);
      CREATE TABLE invites (
        id TEXT PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('board', 'org')),
        target_id TEXT NOT NULL,
        role TEXT NOT NULL,
        created_by TEXT NOT NULL REFERENCES users (id),
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        revoked_at TEXT,
        uses INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX invites_target ON invites (kind, target_id);
      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `,
  },
  {
    version: 3,
    name: 'knowledge base: methodologies, versions, full-text search, usage',
    sql: `
      CREATE TABLE methodologies (
        slug TEXT PRIMARY KEY,
        current_version INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE methodology_versions (
        slug TEXT NOT NULL REFERENCES methodologies (slug) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        title TEXT NOT NULL,
        stage TEXT NOT NULL,
        summary TEXT NOT NULL,
        when_to_use TEXT NOT NULL,
        body TEXT NOT NULL,
        tags TEXT NOT NULL,
        template TEXT NOT NULL,
        author_id TEXT,
        author_name TEXT NOT NULL,
        author_org_id TEXT,
        author_org_name TEXT NOT NULL,
        change_note TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (slug, version)
      );
      CREATE VIRTUAL TABLE methodology_fts USING fts5 (
        slug UNINDEXED, title, summary, when_to_use, body, tags,
        tokenize = 'porter unicode61 remove_diacritics 2'
      );
      CREATE TABLE methodology_usage (
        slug TEXT NOT NULL REFERENCES methodologies (slug) ON DELETE CASCADE,
        board_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        placed_by TEXT,
        placed_at TEXT NOT NULL,
        PRIMARY KEY (slug, board_id)
      );
    `,
  },
  {
    version: 4,
    name: 'state vector stored with each snapshot',
    sql: `ALTER TABLE doc_snapshots ADD COLUMN state_vector BLOB;`,
  },
]
