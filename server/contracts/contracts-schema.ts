/**
 * The contracts store's tables (`DATA_DIR/contracts.sqlite`). Numbered migrations, append only. Notices and contracts
 * are stored once however many files and organisations carry them; which file of which organisation carried each is
 * a source row, and a notice or contract with no source left is removed. The design is in docs/contracts-data.md.
 */

export const CONTRACTS_MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'contract files, notices, contracts and their sources, file issues, buyer matches',
    sql: `
      -- One imported file. The same bytes imported twice by one organisation are one file (sha256).
      CREATE TABLE contract_files (
        id TEXT PRIMARY KEY,
        org_id TEXT NOT NULL,
        filename TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        format TEXT NOT NULL CHECK (format IN ('ocds', 'contracts-finder-extract', 'register-csv')),
        -- the publisher the file names (package publisher, extract council id, register organisation)
        publisher TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'ready' CHECK (status IN ('ready')),
        uploaded_by TEXT NOT NULL,
        uploaded_at TEXT NOT NULL,
        notices INTEGER NOT NULL,
        contracts INTEGER NOT NULL,
        notices_already_known INTEGER NOT NULL,
        UNIQUE (org_id, sha256)
      );
      CREATE INDEX contract_files_org ON contract_files (org_id, uploaded_at);

      -- Records of a file left out or kept with a repair. line = 1-based data line or record index (0: whole file).
      CREATE TABLE contract_issues (
        file_id TEXT NOT NULL REFERENCES contract_files (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        line INTEGER NOT NULL,
        place TEXT NOT NULL,
        code TEXT NOT NULL,
        reason TEXT NOT NULL,
        kept INTEGER NOT NULL,
        PRIMARY KEY (file_id, seq)
      );

      -- One procurement, keyed by its notice id (OCDS ocid, Contracts Finder notice id): one row however many files
      -- and organisations carry it. The first file's values are kept; later copies only fill blanks.
      CREATE TABLE notices (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        description TEXT NOT NULL,
        buyer TEXT NOT NULL,
        parties_json TEXT NOT NULL,       -- [{ name, roles: [] }]
        stage TEXT NOT NULL,
        status TEXT NOT NULL,
        published_date TEXT,
        deadline_date TEXT,
        award_date TEXT,
        start_date TEXT,
        end_date TEXT,
        duration_days INTEGER,
        value_pence INTEGER,
        cpv_json TEXT NOT NULL,           -- ["45000000", ...] 8 digits, main first
        url TEXT NOT NULL,
        first_file_id TEXT NOT NULL
      );

      -- Which file of which organisation carried a notice. publisher: the body the notice was published by in that
      -- file (see import-file.ts), the evidence for "the same notice under two publishers".
      CREATE TABLE notice_sources (
        notice_id TEXT NOT NULL REFERENCES notices (id) ON DELETE CASCADE,
        file_id TEXT NOT NULL REFERENCES contract_files (id) ON DELETE CASCADE,
        org_id TEXT NOT NULL,
        publisher TEXT NOT NULL,
        -- 1 when the file is the organisation's own publication of the notice (its extract or register, or a
        -- national feed's notice whose buyer is the organisation by name); 0 for other bodies' notices in a feed
        own INTEGER NOT NULL,
        place TEXT NOT NULL,
        PRIMARY KEY (notice_id, file_id)
      );
      CREATE INDEX notice_sources_file ON notice_sources (file_id);
      CREATE INDEX notice_sources_org ON notice_sources (org_id);

      -- One contract: a supplier, a value and a period. dedupe_key makes a second import add only a source:
      -- 'n' | notice id | supplier key for a contract awarded under a notice (across organisations),
      -- 'r' | org | reference | supplier key | start for a register row without a notice.
      -- org_id/file_id: the first importer and its file (moved to another source if that file is removed).
      CREATE TABLE contracts (
        id TEXT PRIMARY KEY,
        dedupe_key TEXT NOT NULL UNIQUE,
        org_id TEXT NOT NULL,
        file_id TEXT NOT NULL,
        notice_id TEXT,
        reference TEXT NOT NULL,
        title TEXT NOT NULL,
        description TEXT NOT NULL,
        supplier TEXT NOT NULL,
        supplier_company_number TEXT NOT NULL,
        buyer TEXT NOT NULL,
        value_pence INTEGER,
        start TEXT,
        award_date TEXT,
        "end" TEXT,
        end_is_estimated INTEGER NOT NULL,
        end_basis_kind TEXT NOT NULL CHECK (end_basis_kind IN ('stated', 'wording', 'cpv-typical', 'unknown')),
        end_basis_quote TEXT NOT NULL,
        end_with_extensions TEXT,
        extension_json TEXT NOT NULL,     -- [12, 12] months per option
        cpv_json TEXT NOT NULL,
        proclass TEXT NOT NULL,
        -- set by a member of an importing organisation: then only members of importing organisations see it
        confidential INTEGER NOT NULL DEFAULT 0,
        confidential_by_org TEXT,
        place TEXT NOT NULL
      );
      CREATE INDEX contracts_notice ON contracts (notice_id);

      CREATE TABLE contract_sources (
        contract_id TEXT NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
        file_id TEXT NOT NULL REFERENCES contract_files (id) ON DELETE CASCADE,
        org_id TEXT NOT NULL,
        own INTEGER NOT NULL,             -- as notice_sources.own
        place TEXT NOT NULL,
        PRIMARY KEY (contract_id, file_id)
      );
      CREATE INDEX contract_sources_file ON contract_sources (file_id);
      CREATE INDEX contract_sources_org ON contract_sources (org_id);

      -- A person's decision that a buyer name (shared/contracts/buyer-match.ts buyerKey) is or is not an organisation.
      CREATE TABLE buyer_matches (
        buyer_key TEXT NOT NULL,
        org_id TEXT NOT NULL,
        buyer TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('confirmed', 'rejected')),
        decided_by TEXT NOT NULL,
        decided_at TEXT NOT NULL,
        PRIMARY KEY (buyer_key, org_id)
      );

      -- One counter, bumped by every change (import, removal, match, confidential), so derived views are cached per version.
      CREATE TABLE contracts_version (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        version INTEGER NOT NULL
      );
      INSERT INTO contracts_version (id, version) VALUES (1, 0);
    `,
  },
]
