import type { MigrationReport } from '@teachback/core';
import { callDailyBackfill, criterionWeeksBackfill } from './call-rollups';
import type { SqlDriver } from './driver';

interface Migration {
  version: number;
  name: string;
  statements: (kind: 'sqlite' | 'postgres') => string[];
}

/**
 * metric_cells' counters as migration 12 created them (migration 16 rebuilds the table on SQLite).
 * A frozen copy on purpose, not metric-rollups.ts's CELL_COLUMNS: that list may grow with a later
 * migration, and migration 16 must copy exactly the columns that existed when it runs.
 */
const METRIC_CELL_COUNTERS = [
  'n',
  'handled',
  'handle_sum',
  'handle_count',
  'wait_sum',
  'wait_count',
  'abandoned',
  'offered',
  'hold_sum',
  'hold_count',
  'held',
  'transferred',
  'transfer_known',
  'transfer_count',
  'scored',
  'compliant',
  'adh_met',
  'adh_applicable',
  'csat_answers',
  'csat_satisfied',
  'csat_interactions',
  'nps_promoters',
  'nps_passives',
  'nps_detractors',
  'nps_interactions',
  'c',
];

/**
 * Timestamps are ISO-8601 UTC text in both dialects so ordering, hashing and round trips are
 * identical; booleans are 0/1 integers for the same reason. PHI columns end in `_enc` and hold
 * `tb1.<keyId>...` ciphertext only.
 */
const coreTables = (kind: 'sqlite' | 'postgres'): string => {
  const real = kind === 'sqlite' ? 'REAL' : 'DOUBLE PRECISION';
  return `
CREATE TABLE tenants (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  retention_days INTEGER NOT NULL,
  legal_hold INTEGER NOT NULL DEFAULT 0,
  index_key_wrapped TEXT NOT NULL,
  kek_id TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE tenant_keys (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  key_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  wrapped_key TEXT NOT NULL,
  kek_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'retired')),
  created_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, key_id),
  UNIQUE (tenant_id, version)
);
CREATE TABLE teams (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE TABLE users (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  id TEXT NOT NULL,
  display_name TEXT NOT NULL,
  email TEXT,
  roles TEXT NOT NULL,
  team_ids TEXT NOT NULL,
  agent_ids TEXT NOT NULL,
  active INTEGER NOT NULL,
  valid_after TEXT NOT NULL,
  token_version INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  deactivated_at TEXT,
  PRIMARY KEY (tenant_id, id)
);
CREATE TABLE user_agent_ids (
  tenant_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  PRIMARY KEY (tenant_id, agent_id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users(tenant_id, id)
);
CREATE TABLE connections (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  id TEXT NOT NULL,
  platform TEXT NOT NULL,
  settings TEXT NOT NULL,
  credentials_enc TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE TABLE contacts (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  id TEXT NOT NULL,
  identity_enc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE TABLE contact_keys (
  tenant_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  digest TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  PRIMARY KEY (tenant_id, kind, digest),
  FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX contact_keys_contact ON contact_keys (tenant_id, contact_id);
CREATE TABLE interactions (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  id TEXT NOT NULL,
  platform TEXT NOT NULL,
  external_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  direction TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  started_at TEXT,
  ended_at TEXT,
  duration_ms INTEGER,
  agent_ids TEXT NOT NULL,
  primary_agent_id TEXT,
  team_id TEXT,
  queue_name TEXT,
  contact_id TEXT,
  content_hash TEXT NOT NULL,
  body TEXT NOT NULL,
  phi_enc TEXT,
  score ${real},
  compliant INTEGER,
  needs_review INTEGER NOT NULL DEFAULT 0,
  score_version INTEGER,
  playbook_id TEXT,
  escalation_count INTEGER NOT NULL DEFAULT 0,
  legal_hold INTEGER NOT NULL DEFAULT 0,
  purged_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, platform, external_id),
  FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts(tenant_id, id)
);
CREATE INDEX interactions_recent ON interactions (tenant_id, occurred_at, id);
CREATE INDEX interactions_contact ON interactions (tenant_id, contact_id, occurred_at, id);
CREATE INDEX interactions_agent ON interactions (tenant_id, primary_agent_id, occurred_at);
CREATE INDEX interactions_team ON interactions (tenant_id, team_id, occurred_at);
CREATE TABLE transcripts (
  tenant_id TEXT NOT NULL,
  interaction_id TEXT NOT NULL,
  body_enc TEXT NOT NULL,
  PRIMARY KEY (tenant_id, interaction_id),
  FOREIGN KEY (tenant_id, interaction_id) REFERENCES interactions(tenant_id, id) ON DELETE CASCADE
);
CREATE TABLE recordings (
  tenant_id TEXT NOT NULL,
  interaction_id TEXT NOT NULL,
  id TEXT NOT NULL,
  media_type TEXT,
  duration_ms INTEGER,
  channels INTEGER,
  customer_channel INTEGER,
  uri_enc TEXT,
  PRIMARY KEY (tenant_id, interaction_id, id),
  FOREIGN KEY (tenant_id, interaction_id) REFERENCES interactions(tenant_id, id) ON DELETE CASCADE
);
CREATE TABLE scorecards (
  tenant_id TEXT NOT NULL,
  interaction_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  playbook_id TEXT NOT NULL,
  playbook_version TEXT NOT NULL,
  score ${real} NOT NULL,
  compliant INTEGER NOT NULL,
  body_enc TEXT,
  coaching_enc TEXT,
  deidentified TEXT,
  content_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, interaction_id, version),
  FOREIGN KEY (tenant_id, interaction_id) REFERENCES interactions(tenant_id, id) ON DELETE CASCADE
);
CREATE TABLE escalations (
  tenant_id TEXT NOT NULL,
  interaction_id TEXT NOT NULL,
  idx INTEGER NOT NULL,
  type TEXT NOT NULL,
  severity TEXT NOT NULL,
  body_enc TEXT,
  PRIMARY KEY (tenant_id, interaction_id, idx),
  FOREIGN KEY (tenant_id, interaction_id) REFERENCES interactions(tenant_id, id) ON DELETE CASCADE
);
CREATE TABLE coaching_tasks (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  interaction_id TEXT NOT NULL,
  assignee TEXT NOT NULL,
  status TEXT NOT NULL,
  due TEXT,
  body_enc TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, interaction_id) REFERENCES interactions(tenant_id, id)
);
CREATE INDEX coaching_tasks_assignee ON coaching_tasks (tenant_id, assignee, status);
CREATE TABLE sync_checkpoints (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  platform TEXT NOT NULL,
  stream TEXT NOT NULL,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, platform, stream)
);
CREATE TABLE outbox (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  id TEXT NOT NULL,
  platform TEXT NOT NULL,
  kind TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  interaction_id TEXT,
  payload_enc TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  lease_until TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, idempotency_key)
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE TABLE audit_events (
  tenant_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  action TEXT NOT NULL,
  resource_type TEXT NOT NULL,
  resource_id TEXT,
  outcome TEXT NOT NULL,
  source TEXT,
  details TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (tenant_id, seq)
);
CREATE INDEX audit_events_at ON audit_events (tenant_id, at);
CREATE TABLE audit_heads (
  tenant_id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL
);
`;
};

/** Append-only is enforced by the database itself, not just by the code that happens to use it. */
const appendOnly = (kind: 'sqlite' | 'postgres'): string[] =>
  kind === 'sqlite'
    ? [
        `CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
         BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`,
        `CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
         BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`,
      ]
    : [
        `CREATE FUNCTION teachback_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
         BEGIN
           RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
         END
         $fn$`,
        `CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
         FOR EACH ROW EXECUTE FUNCTION teachback_audit_append_only()`,
        `CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
         FOR EACH STATEMENT EXECUTE FUNCTION teachback_audit_append_only()`,
      ];

/**
 * Metrics read typed columns, never the body JSON, so a week of a 1,000-agent tenant aggregates in
 * one scan: `interaction_facts` is one row per interaction written in the same transaction as it
 * (sql/metrics.ts), with `next_same_ms` (the next contact of the same person about the same call
 * type) kept up to date so FCR is a comparison, not a self-join. No PHI in these tables except the
 * promise text, which is sealed.
 */
const metricsTables = (kind: 'sqlite' | 'postgres'): string[] => {
  const big = kind === 'sqlite' ? 'INTEGER' : 'BIGINT';
  return [
    `CREATE TABLE interaction_facts (
  tenant_id TEXT NOT NULL,
  interaction_id TEXT NOT NULL,
  started_ms ${big} NOT NULL,
  day TEXT NOT NULL,
  week TEXT NOT NULL,
  channel TEXT NOT NULL,
  agent_id TEXT,
  team_id TEXT,
  queue TEXT,
  call_type TEXT,
  contact_id TEXT,
  disposition TEXT,
  stage TEXT,
  abandoned INTEGER,
  wait_ms ${big},
  handle_ms ${big},
  hold_ms ${big},
  held INTEGER,
  transfers INTEGER,
  scored INTEGER NOT NULL DEFAULT 0,
  compliant INTEGER,
  adh_met INTEGER NOT NULL DEFAULT 0,
  adh_applicable INTEGER NOT NULL DEFAULT 0,
  next_same_ms ${big},
  PRIMARY KEY (tenant_id, interaction_id),
  FOREIGN KEY (tenant_id, interaction_id) REFERENCES interactions(tenant_id, id) ON DELETE CASCADE
)`,
    'CREATE INDEX interaction_facts_time ON interaction_facts (tenant_id, started_ms)',
    'CREATE INDEX interaction_facts_thread ON interaction_facts (tenant_id, contact_id, call_type, started_ms)',
    `CREATE TABLE survey_responses (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  interaction_id TEXT NOT NULL,
  source TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  answers TEXT NOT NULL,
  csat_answers INTEGER NOT NULL,
  csat_satisfied INTEGER NOT NULL,
  nps_promoters INTEGER NOT NULL,
  nps_passives INTEGER NOT NULL,
  nps_detractors INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, interaction_id) REFERENCES interactions(tenant_id, id) ON DELETE CASCADE
)`,
    'CREATE INDEX survey_responses_interaction ON survey_responses (tenant_id, interaction_id)',
    `CREATE TABLE survey_links (
  tenant_id TEXT NOT NULL,
  nonce TEXT NOT NULL,
  interaction_id TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, nonce),
  FOREIGN KEY (tenant_id, interaction_id) REFERENCES interactions(tenant_id, id) ON DELETE CASCADE
)`,
    `CREATE TABLE follow_ups (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  interaction_id TEXT NOT NULL,
  agent_id TEXT,
  team_id TEXT,
  contact_id TEXT,
  owner TEXT NOT NULL,
  text_enc TEXT,
  due_at TEXT,
  made_at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'done', 'kept', 'missed')),
  closed_at TEXT,
  kept_by TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, interaction_id) REFERENCES interactions(tenant_id, id) ON DELETE CASCADE
)`,
    'CREATE INDEX follow_ups_due ON follow_ups (tenant_id, status, due_at)',
    // Day rollups per grouping (sql/metric-rollups.ts): rebuilt from the facts when read after a
    // write marked the day dirty, so a week of a 1,000-agent tenant reads thousands of rows, not millions.
    `CREATE TABLE metric_rollups (
  tenant_id TEXT NOT NULL,
  dim TEXT NOT NULL,
  day TEXT NOT NULL,
  group_key TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (tenant_id, dim, day, group_key)
)`,
    `CREATE TABLE metric_rollup_dirty (
  tenant_id TEXT NOT NULL,
  dim TEXT NOT NULL,
  day TEXT NOT NULL,
  PRIMARY KEY (tenant_id, dim, day)
)`,
  ];
};

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'core tables',
    statements: (kind) =>
      coreTables(kind)
        .split(/;\s*\n/)
        .map((s) => s.trim())
        .filter(Boolean),
  },
  { version: 2, name: 'append-only audit trail', statements: appendOnly },
  {
    version: 3,
    name: 'blind-index lookup by digest',
    statements: () => ['CREATE INDEX contact_keys_digest ON contact_keys (tenant_id, digest)'],
  },
  {
    version: 4,
    name: 'playbook catalog: versions per tenant',
    // The primary key is the rule "a version number is used once"; no row is ever updated.
    statements: () => [
      `CREATE TABLE playbook_versions (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  playbook_id TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version > 0),
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  author TEXT NOT NULL,
  saved_at TEXT NOT NULL,
  note TEXT NOT NULL,
  effective_from TEXT,
  queues TEXT,
  rollback_of INTEGER,
  source TEXT NOT NULL CHECK (source IN ('builtin', 'tenant')),
  PRIMARY KEY (tenant_id, playbook_id, version)
)`,
    ],
  },
  {
    version: 5,
    name: 'live guidance: calls, utterances, prompts, outcomes, supervisor actions',
    // Every key is the id the live path already repeats on resend or replay, so writes are
    // INSERT ... ON CONFLICT DO NOTHING and a resumed call never stores anything twice.
    statements: () => [
      `CREATE TABLE live_calls (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  call_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  team_id TEXT,
  platform TEXT NOT NULL,
  external_id TEXT,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  playbook_id TEXT,
  queue TEXT,
  PRIMARY KEY (tenant_id, call_id)
)`,
      'CREATE INDEX live_calls_source ON live_calls (tenant_id, platform, external_id)',
      'CREATE INDEX live_calls_open ON live_calls (tenant_id, ended_at, started_at)',
      `CREATE TABLE live_utterances (
  tenant_id TEXT NOT NULL,
  call_id TEXT NOT NULL,
  utterance_id TEXT NOT NULL,
  speaker TEXT NOT NULL,
  offset_ms INTEGER NOT NULL,
  end_ms INTEGER,
  text_enc TEXT NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, call_id, utterance_id)
)`,
      `CREATE TABLE live_events (
  tenant_id TEXT NOT NULL,
  call_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  severity TEXT NOT NULL,
  rule_id TEXT NOT NULL,
  audience TEXT NOT NULL,
  clears TEXT,
  offset_ms INTEGER NOT NULL,
  body_enc TEXT NOT NULL,
  emitted_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, call_id, event_id)
)`,
      `CREATE TABLE live_outcomes (
  tenant_id TEXT NOT NULL,
  call_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  outcome TEXT NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, call_id, event_id, outcome)
)`,
      `CREATE TABLE live_actions (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  call_id TEXT NOT NULL,
  event_id TEXT,
  action TEXT NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  routed_to TEXT,
  note_enc TEXT,
  PRIMARY KEY (tenant_id, id)
)`,
      'CREATE INDEX live_actions_call ON live_actions (tenant_id, call_id, at)',
    ],
  },
  {
    version: 6,
    name: 'web app review: criterion index, disputes, calibration, saved views, call list indexes',
    // interaction_criteria holds no PHI (criterion ids and statuses): the call list and dashboards
    // filter and count on it without decrypting scorecards. Dispute reasons and notes are sealed.
    statements: () => [
      'ALTER TABLE interactions ADD COLUMN review_call_type TEXT',
      `CREATE TABLE interaction_criteria (
  tenant_id TEXT NOT NULL,
  interaction_id TEXT NOT NULL,
  criterion_id TEXT NOT NULL,
  category TEXT NOT NULL,
  status TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  team_id TEXT,
  primary_agent_id TEXT,
  PRIMARY KEY (tenant_id, interaction_id, criterion_id),
  FOREIGN KEY (tenant_id, interaction_id) REFERENCES interactions(tenant_id, id) ON DELETE CASCADE
)`,
      'CREATE INDEX interaction_criteria_missed ON interaction_criteria (tenant_id, criterion_id, status, occurred_at)',
      'CREATE INDEX interaction_criteria_period ON interaction_criteria (tenant_id, occurred_at, criterion_id, category, status)',
      `CREATE TABLE finding_disputes (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  interaction_id TEXT NOT NULL,
  criterion_id TEXT NOT NULL,
  raised_by TEXT NOT NULL,
  machine_status TEXT NOT NULL,
  requested_status TEXT NOT NULL,
  reason_enc TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'accepted', 'rejected')),
  decided_by TEXT,
  decided_at TEXT,
  note_enc TEXT,
  team_id TEXT,
  primary_agent_id TEXT,
  score_before DOUBLE PRECISION,
  score_after DOUBLE PRECISION,
  created_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, interaction_id) REFERENCES interactions(tenant_id, id) ON DELETE CASCADE
)`,
      'CREATE INDEX finding_disputes_call ON finding_disputes (tenant_id, interaction_id, status)',
      'CREATE INDEX finding_disputes_open ON finding_disputes (tenant_id, status, created_at)',
      `CREATE TABLE calibration_marks (
  tenant_id TEXT NOT NULL,
  interaction_id TEXT NOT NULL,
  reviewer TEXT NOT NULL,
  criterion_id TEXT NOT NULL,
  status TEXT NOT NULL,
  machine_status TEXT NOT NULL,
  team_id TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, interaction_id, reviewer, criterion_id),
  FOREIGN KEY (tenant_id, interaction_id) REFERENCES interactions(tenant_id, id) ON DELETE CASCADE
)`,
      'CREATE INDEX calibration_marks_period ON calibration_marks (tenant_id, created_at)',
      `CREATE TABLE saved_views (
  tenant_id TEXT NOT NULL,
  owner TEXT NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, owner, id)
)`,
      // Per day, team, agent and criterion: what dashboards count, kept in step by every write
      // of interaction_criteria ('' for no team / agent: key columns take no NULL).
      `CREATE TABLE criterion_daily (
  tenant_id TEXT NOT NULL,
  day TEXT NOT NULL,
  team_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  criterion_id TEXT NOT NULL,
  category TEXT NOT NULL,
  applicable INTEGER NOT NULL,
  missed INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, day, team_id, agent_id, criterion_id, category)
)`,
      'CREATE INDEX interactions_queue ON interactions (tenant_id, queue_name, occurred_at)',
      'CREATE INDEX interactions_review_backlog ON interactions (tenant_id, needs_review, team_id)',
      'CREATE INDEX interactions_score ON interactions (tenant_id, score, occurred_at)',
      // Covers the dashboard's one pass over a period (index-only: the wide rows are not read).
      'CREATE INDEX interactions_dashboard ON interactions (tenant_id, occurred_at, team_id, primary_agent_id, queue_name, score, compliant, escalation_count)',
    ],
  },
  {
    version: 7,
    name: 'oversight: escalation workflow and reviews, API keys, connection checks, audit search',
    // The workflow state sits in plain columns beside the sealed escalation so the queue is
    // counted and filtered without decrypting; notes stay inside the sealed body.
    statements: () => [
      "ALTER TABLE escalations ADD COLUMN state TEXT NOT NULL DEFAULT 'open'",
      'ALTER TABLE escalations ADD COLUMN routed_to TEXT',
      'ALTER TABLE escalations ADD COLUMN last_action_at TEXT',
      'ALTER TABLE escalations ADD COLUMN last_action_by TEXT',
      'ALTER TABLE escalations ADD COLUMN utterance INTEGER',
      'CREATE INDEX escalations_queue ON escalations (tenant_id, state, severity)',
      // Keyed by what was detected where (type, utterance), like the kept actions: re-scoring
      // renumbers escalations but must not lose their reviews.
      `CREATE TABLE escalation_reviews (
  tenant_id TEXT NOT NULL,
  interaction_id TEXT NOT NULL,
  esc_type TEXT NOT NULL,
  utterance INTEGER NOT NULL,
  protocol_followed TEXT NOT NULL,
  body_enc TEXT NOT NULL,
  reviewed_by TEXT NOT NULL,
  reviewed_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, interaction_id, esc_type, utterance),
  FOREIGN KEY (tenant_id, interaction_id) REFERENCES interactions(tenant_id, id) ON DELETE CASCADE
)`,
      `CREATE TABLE api_keys (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  roles TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  revoked_by TEXT,
  PRIMARY KEY (tenant_id, id)
)`,
      `CREATE TABLE connection_checks (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  platform TEXT NOT NULL,
  checked_at TEXT NOT NULL,
  checked_by TEXT NOT NULL,
  ok INTEGER NOT NULL,
  report TEXT NOT NULL,
  PRIMARY KEY (tenant_id, platform, checked_at)
)`,
      'CREATE INDEX audit_events_actor ON audit_events (tenant_id, actor_id, seq)',
      'CREATE INDEX audit_events_resource ON audit_events (tenant_id, resource_id, seq)',
    ],
  },
  {
    version: 8,
    name: 'contact-center metrics facts, surveys, survey links, follow-ups',
    statements: metricsTables,
  },
  {
    version: 9,
    name: 'playbook mining: suggestions, new-hire library, monthly reviews',
    // Filterable facts in plain columns; anything with words from calls sealed in *_enc.
    statements: () => [
      `CREATE TABLE mining_suggestions (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('add-criterion', 'moment-prompt', 'retire-criterion')),
  playbook_id TEXT NOT NULL,
  call_type TEXT,
  outcome TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected', 'published')),
  body_enc TEXT NOT NULL,
  decision_enc TEXT,
  decided_by TEXT,
  decided_at TEXT,
  published_version INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id)
)`,
      'CREATE INDEX mining_suggestions_status ON mining_suggestions (tenant_id, status)',
      `CREATE TABLE library_entries (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  id TEXT NOT NULL,
  call_type TEXT,
  interaction_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('proposed', 'approved', 'rejected')),
  body_enc TEXT NOT NULL,
  reviewed_by TEXT,
  reviewed_at TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id)
)`,
      `CREATE TABLE monthly_reviews (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  month TEXT NOT NULL,
  body_enc TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, month)
)`,
    ],
  },
  {
    version: 10,
    name: 'audit: staged events and anchored checkpoints',
    // Writers stage events here without touching the chain head; the sealer links them into
    // audit_events and deletes them. `anchored_seq` is how far a tenant's chain has been written
    // to the anchor log outside the database. Existing chains are untouched and stay verifiable.
    statements: () => [
      `CREATE TABLE audit_pending (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  at TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  action TEXT NOT NULL,
  resource_type TEXT NOT NULL,
  resource_id TEXT,
  outcome TEXT NOT NULL,
  source TEXT,
  details TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id)
)`,
      'CREATE INDEX audit_pending_order ON audit_pending (tenant_id, at, id)',
      'ALTER TABLE audit_heads ADD COLUMN anchored_seq INTEGER NOT NULL DEFAULT 0',
    ],
  },
  {
    version: 11,
    name: 'dashboards: daily call roll-up (call_daily), backfilled from the stored calls',
    // Kept in step by every write of a call's day, team, agent, queue or score (sql/call-rollups.ts).
    // Read by key range: SQLite keeps it clustered on its key (WITHOUT ROWID); on PostgreSQL the
    // free space per page lets its constant updates stay on the page (HOT, no index churn).
    statements: (kind) => [
      `CREATE TABLE call_daily (
  tenant_id TEXT NOT NULL,
  day TEXT NOT NULL,
  team_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  queue_name TEXT NOT NULL,
  calls INTEGER NOT NULL,
  scored INTEGER NOT NULL,
  compliant INTEGER NOT NULL,
  score_sum ${kind === 'sqlite' ? 'REAL' : 'DOUBLE PRECISION'} NOT NULL,
  escalations INTEGER NOT NULL,
  needs_review INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, day, team_id, agent_id, queue_name)
)${kind === 'sqlite' ? ' WITHOUT ROWID' : ' WITH (fillfactor = 70)'}`,
      ...callDailyBackfill(kind),
      // criterion_daily gains week cells beside its day cells (call-rollups.ts).
      criterionWeeksBackfill(kind),
      'ANALYZE call_daily',
      // "Worst first" in the call list (score ascending, unscored last, newest first among equals):
      // walked in order and stopped after a page, instead of sorting every call of the period
      // (PostgreSQL at 1M calls: 150+ ms for a week's 20,000 calls, under 1 ms with it).
      'CREATE INDEX interactions_worst ON interactions (tenant_id, (score IS NULL), score, occurred_at DESC, id DESC)',
    ],
  },
  {
    version: 12,
    name: 'metrics: additive day cells kept current by the write path',
    // One row per (grouping, key, day, bucket) of plain integer counters (sql/metric-rollups.ts),
    // so a save adds its difference in one upsert instead of making the day stale. The JSON day
    // rollups they replace are dropped; every day with facts is marked for one rebuild.
    statements: (kind) => {
      const big = kind === 'sqlite' ? 'INTEGER' : 'BIGINT';
      const cells = METRIC_CELL_COUNTERS;
      const counters = cells.map((c) => `  ${c} ${big} NOT NULL DEFAULT 0,`).join('\n');
      return [
        `CREATE TABLE metric_cells (
  tenant_id TEXT NOT NULL,
  dim TEXT NOT NULL,
  day TEXT NOT NULL,
  week TEXT NOT NULL,
  group_key TEXT NOT NULL,
  bucket TEXT NOT NULL,
${counters}
  PRIMARY KEY (tenant_id, dim, day, group_key, bucket)
)`,
        'DROP TABLE metric_rollups',
        'DELETE FROM metric_rollup_dirty',
        `INSERT INTO metric_rollup_dirty (tenant_id, dim, day) SELECT DISTINCT f.tenant_id, d.dim, f.day FROM interaction_facts f CROSS JOIN (SELECT 'agent' AS dim UNION ALL SELECT 'team' UNION ALL SELECT 'queue' UNION ALL SELECT 'call-type' UNION ALL SELECT 'channel' UNION ALL SELECT 'all') d`,
      ];
    },
  },
  {
    version: 13,
    name: 'oversight at scale: audit events by action, and by the call they are about',
    // The compliance officer's audit search by action (newest first) and by patient (every event
    // about one of the patient's calls, `<call>` or `<call>/<part>`), and the access-anomaly
    // report's join of reads to calls, each an index range instead of a scan of the whole trail
    // (npm run bench:oversight). The expression is the store's `auditCallOf` (sql/oversight.ts).
    statements: (kind) => [
      'CREATE INDEX audit_events_action ON audit_events (tenant_id, action, seq)',
      `CREATE INDEX audit_events_call ON audit_events (tenant_id, ${auditCallOf(kind, 'resource_id')}, seq)`,
    ],
  },
  {
    version: 14,
    name: 'ingest: the review index keeps one secondary index, of misses by time',
    // A save writes one interaction_criteria row per criterion (10 for a typical playbook), and
    // each row was an entry in four B-trees; the by-criterion index alone dirtied ~13 pages per
    // SQLite commit (each criterion lands elsewhere in it), and a commit's CPU is mostly writing
    // those pages to the WAL. Neither index was in the plan of any query that reads the criteria
    // (EXPLAIN on both dialects): the call list's "criterion missed" filter probes the primary key
    // per call, and the dashboard's queue breakdown now reaches the criteria through its calls
    // (interactions_queue, then the primary key; sql/reviews.ts criteriaFromCalls). What is kept
    // is the misses alone, newest last: a save's misses land on one page, and "which calls missed
    // what lately" stays one index range.
    statements: () => [
      'DROP INDEX interaction_criteria_missed',
      'DROP INDEX interaction_criteria_period',
      "CREATE INDEX interaction_criteria_misses ON interaction_criteria (tenant_id, occurred_at, criterion_id) WHERE status = 'missed'",
    ],
  },
  {
    version: 15,
    name: 'ingest: one index of calls by time serves the call list and the dashboard scan',
    // interactions_recent (the call list's newest-first order, keyset (occurred_at, id)) and
    // interactions_dashboard (the dashboard's index-only pass over a partial day) both started
    // (tenant_id, occurred_at): one index with id after occurred_at gives the list its order and
    // still covers the dashboard's columns, and a save writes one B-tree fewer (EXPLAIN on both
    // dialects: the same ranges, PostgreSQL's partial-day scan now index-only).
    statements: () => [
      'CREATE INDEX interactions_period ON interactions (tenant_id, occurred_at, id, team_id, primary_agent_id, queue_name, score, compliant, escalation_count)',
      'DROP INDEX interactions_recent',
      'DROP INDEX interactions_dashboard',
    ],
  },
  {
    version: 16,
    name: 'ingest: metric day cells in shards, so concurrent saves do not queue on one row',
    // Every save adds to the cells of its day for the whole tenant ('all'), its channel, queue,
    // team and call type: on PostgreSQL each of those rows stayed locked from the save's write to
    // the end of its commit (the WAL flush), so concurrent saves of a day ran one at a time
    // (pg_stat_activity: most backends waiting on a transactionid lock at the combined write).
    // A save now adds to one of METRIC_CELL_SHARDS rows per cell (sql/metric-rollups.ts); every
    // reader already sums cells per key. SQLite (one writer) keeps writing shard 0.
    statements: (kind) => {
      if (kind === 'postgres')
        return [
          'ALTER TABLE metric_cells ADD COLUMN shard INTEGER NOT NULL DEFAULT 0',
          'ALTER TABLE metric_cells DROP CONSTRAINT metric_cells_pkey',
          'ALTER TABLE metric_cells ADD PRIMARY KEY (tenant_id, dim, day, group_key, bucket, shard)',
        ];
      const columns = [
        'tenant_id',
        'dim',
        'day',
        'week',
        'group_key',
        'bucket',
        ...METRIC_CELL_COUNTERS,
      ].join(', ');
      return [
        `CREATE TABLE metric_cells_sharded (
  tenant_id TEXT NOT NULL,
  dim TEXT NOT NULL,
  day TEXT NOT NULL,
  week TEXT NOT NULL,
  group_key TEXT NOT NULL,
  bucket TEXT NOT NULL,
${METRIC_CELL_COUNTERS.map((c) => `  ${c} INTEGER NOT NULL DEFAULT 0,`).join('\n')}
  shard INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, dim, day, group_key, bucket, shard)
)`,
        ...sqliteSwapIn('metric_cells', 'metric_cells_sharded', columns),
      ];
    },
  },
  {
    version: 17,
    name: 'ingest: the audit trail without its by-resource index, the review index in one B-tree on SQLite',
    // Pages and index entries a save no longer writes (EXPLAIN of every reader on both dialects):
    // - audit_events_resource served one query, the compliance officer's search by patient
    //   (`resource_id = <contact>`, a timeline read). That arm now also names the call the id is
    //   about, so it is a range of audit_events_call (migration 13), which the same search already
    //   uses for the patient's calls (sql/oversight.ts searchAudit): one B-tree fewer per event.
    // - SQLite: interaction_criteria was a rowid table plus its primary key's own B-tree plus the
    //   misses index (10 rows a save, 3 B-trees); WITHOUT ROWID it is one B-tree clustered by call.
    //   SQLite's plans never used the misses index (the call list's "criterion missed" filter and
    //   the queue breakdown probe the primary key per call), so the rebuilt table goes without it;
    //   PostgreSQL's planner does use it (a hash semi-join for "missed" within a period or a score
    //   range), so it stays there.
    // - PostgreSQL: the large sealed columns (transcripts, scorecards) are stored EXTERNAL: out of
    //   line when the row is long, as before, but without a compression attempt first (ciphertext
    //   does not compress; pglz tried, and gave up on, the first kilobyte of every one: ~1% of a
    //   save's backend CPU). Rows already stored are not rewritten. (Keeping rows up to a page
    //   inline, toast_tuple_target, was tried and not kept: it saves the TOAST inserts only while a
    //   sealed value fits a page, true of the bench's 20-utterance calls but not of longer ones,
    //   and left scorecard pages ~40% empty.)
    statements: (kind) => {
      if (kind === 'postgres')
        return [
          'DROP INDEX audit_events_resource',
          'ALTER TABLE transcripts ALTER COLUMN body_enc SET STORAGE EXTERNAL',
          'ALTER TABLE scorecards ALTER COLUMN body_enc SET STORAGE EXTERNAL',
        ];
      const columns =
        'tenant_id, interaction_id, criterion_id, category, status, occurred_at, team_id, primary_agent_id';
      return [
        'DROP INDEX audit_events_resource',
        `CREATE TABLE interaction_criteria_v17 (
  tenant_id TEXT NOT NULL,
  interaction_id TEXT NOT NULL,
  criterion_id TEXT NOT NULL,
  category TEXT NOT NULL,
  status TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  team_id TEXT,
  primary_agent_id TEXT,
  PRIMARY KEY (tenant_id, interaction_id, criterion_id),
  FOREIGN KEY (tenant_id, interaction_id) REFERENCES interactions(tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID`,
        // In key order, so the new B-tree is appended to instead of split at random (~40% faster).
        ...sqliteSwapIn(
          'interaction_criteria',
          'interaction_criteria_v17',
          columns,
          'tenant_id, interaction_id, criterion_id',
        ),
      ];
    },
  },
];

/**
 * SQLite cannot change a table's key or storage in place: the rebuilt table (already created as
 * `rebuilt`) takes the rows of `table`, optionally in key order, then takes its name.
 */
function sqliteSwapIn(table: string, rebuilt: string, columns: string, orderBy?: string): string[] {
  const order = orderBy === undefined ? '' : ` ORDER BY ${orderBy}`;
  return [
    `INSERT INTO ${rebuilt} (${columns}) SELECT ${columns} FROM ${table}${order}`,
    `DROP TABLE ${table}`,
    `ALTER TABLE ${rebuilt} RENAME TO ${table}`,
  ];
}

/**
 * The call an audit event is about: its resource id up to the first `/` (`<call>/<recording>`,
 * `<call>/<escalation>`), or the whole id. The same text in the index (migration 13) and in the
 * queries that use it, so both dialects match them.
 */
export function auditCallOf(kind: 'sqlite' | 'postgres', col: string): string {
  return kind === 'postgres'
    ? `split_part(${col}, '/', 1)`
    : `CASE WHEN instr(${col}, '/') > 0 THEN substr(${col}, 1, instr(${col}, '/') - 1) ELSE ${col} END`;
}

/**
 * Applies what is missing, one transaction per migration, and records each in
 * `schema_migrations`. Running it again (or from two processes at once) applies nothing twice.
 */
export async function migrate(driver: SqlDriver): Promise<MigrationReport> {
  await driver.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    const done = await driver.transaction(async (tx) => {
      // Serialize concurrent migrators on PostgreSQL; SQLite's BEGIN IMMEDIATE already does.
      if (driver.kind === 'postgres')
        await tx.get("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.teachback'))");
      const row = await tx.get('SELECT version FROM schema_migrations WHERE version = ?', [m.version]);
      if (row) return false;
      for (const stmt of m.statements(driver.kind)) await tx.run(stmt);
      await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        m.version,
        m.name,
        new Date().toISOString(),
      ]);
      return true;
    });
    if (done) applied.push(m.version);
  }
  return { applied, current: MIGRATIONS[MIGRATIONS.length - 1]!.version };
}
