/**
 * The spend store's tables. Spend lives in its own SQLite file (`DATA_DIR/spend.sqlite`) so a long import in a
 * worker never holds the write lock that board edits need. Numbered migrations, append only. The design is in
 * docs/spend-data.md.
 */

export const SPEND_MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'spend files, lines, supplier decisions, classification rules, totals, board sharing',
    sql: `
      -- One uploaded file. The same bytes uploaded twice by one organisation are one file (sha256).
      CREATE TABLE spend_files (
        id TEXT PRIMARY KEY,
        org_id TEXT NOT NULL,
        filename TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('csv', 'xlsx')),
        encoding TEXT,
        uploaded_by TEXT NOT NULL,
        uploaded_at TEXT NOT NULL,
        transactions INTEGER NOT NULL,
        total_pence INTEGER NOT NULL,
        first_date TEXT,
        last_date TEXT,
        -- JSON: { errors: RowIssue[], skipped: RowIssue[], recovered: RowIssue[] }, RowIssue = { sheet?, line, code, reason }
        issues_json TEXT NOT NULL,
        -- JSON: [{ sheet?, headerLine, rows, columns: { supplier: "BeneficiaryName", ... } }]
        sheets_json TEXT NOT NULL,
        -- 'importing' while its worker writes lines (left out of every figure), 'ready' once complete
        status TEXT NOT NULL DEFAULT 'ready' CHECK (status IN ('importing', 'ready')),
        UNIQUE (org_id, sha256)
      );
      CREATE INDEX spend_files_org ON spend_files (org_id, uploaded_at);

      -- One payment line. Money is integer pence; dates ISO. supplier_key is '' for withheld names
      -- (redacted, personal data, "third party"): they count in totals, never as a supplier.
      CREATE TABLE spend_lines (
        id INTEGER PRIMARY KEY,
        file_id TEXT NOT NULL REFERENCES spend_files (id) ON DELETE CASCADE,
        org_id TEXT NOT NULL,
        sheet TEXT,
        line INTEGER NOT NULL,
        date TEXT,
        amount_pence INTEGER NOT NULL,
        supplier_name TEXT NOT NULL,
        -- the automatic identity (shared/spend/supplier-key.ts) before this organisation's merge/split decisions
        auto_key TEXT NOT NULL,
        -- the identity after decisions; what every view groups by
        supplier_key TEXT NOT NULL,
        withheld INTEGER NOT NULL DEFAULT 0,
        company_number TEXT,
        vat_number TEXT,
        sic TEXT,
        purpose TEXT,
        unit TEXT,
        reference TEXT,
        -- the ProClass code the file carries for this line (resolved from a code or a category path), if any
        file_code TEXT,
        file_label TEXT,
        -- the code this line is classified under, how, how sure (0..1) and why, in words
        code TEXT,
        code_source TEXT CHECK (code_source IN ('file', 'learned', 'confirmed') OR code_source IS NULL),
        confidence REAL,
        reason TEXT
      );
      CREATE INDEX spend_lines_file ON spend_lines (file_id);
      CREATE INDEX spend_lines_org_supplier ON spend_lines (org_id, supplier_key);
      CREATE INDEX spend_lines_org_code ON spend_lines (org_id, code);

      -- An organisation's supplier identity decisions, replayed on every import.
      -- merge: lines whose auto_key is from_key take to_key. split: lines whose normalised name is from_key keep
      -- their own identity (to_key) even where a number would have joined them to another.
      CREATE TABLE supplier_decisions (
        id TEXT PRIMARY KEY,
        org_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('merge', 'split')),
        from_key TEXT NOT NULL,
        to_key TEXT NOT NULL,
        display_name TEXT,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (org_id, kind, from_key)
      );

      -- Confirmed classifications: per supplier (supplier_key set, no conditions) or a rule on line fields
      -- ("Purpose PRIVATE CONTRACTORS in Children's services → 321115"). Applied to past and future lines.
      CREATE TABLE classification_rules (
        id TEXT PRIMARY KEY,
        org_id TEXT NOT NULL,
        supplier_key TEXT,
        purpose TEXT,
        unit TEXT,
        code TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX classification_rules_org ON classification_rules (org_id);

      -- Totals per organisation × code × supplier, rebuilt for an organisation after each import, delete or
      -- reclassification, so board views never scan lines.
      CREATE TABLE spend_totals (
        org_id TEXT NOT NULL,
        code TEXT NOT NULL,           -- '' when unclassified
        supplier_key TEXT NOT NULL,   -- '' for withheld names
        supplier_name TEXT NOT NULL,  -- the most-paid name under the key
        transactions INTEGER NOT NULL,
        total_pence INTEGER NOT NULL,
        PRIMARY KEY (org_id, code, supplier_key)
      );

      -- An organisation lets the partners on one board see its line detail for the board's categories.
      CREATE TABLE spend_line_sharing (
        org_id TEXT NOT NULL,
        board_id TEXT NOT NULL,
        shared_by TEXT NOT NULL,
        shared_at TEXT NOT NULL,
        PRIMARY KEY (org_id, board_id)
      );

      -- A counter per organisation, bumped on every change, so boards can tell cheaply whether to refetch.
      CREATE TABLE spend_versions (
        org_id TEXT PRIMARY KEY,
        version INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'organisation names for classification reasons',
    sql: `
      -- The name of each organisation with spend, so a reason can say "coded 321115 in 31 of Trafford's lines"
      -- from inside an import worker, which has no connection to the accounts store.
      CREATE TABLE spend_org_names (
        org_id TEXT PRIMARY KEY,
        name TEXT NOT NULL
      );
    `,
  },
]
