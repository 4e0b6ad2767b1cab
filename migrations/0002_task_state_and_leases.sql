-- Task state as the runtime keeps it: pause reason, completion, activity, the schedule fingerprint,
-- an optimistic-concurrency version, and the lease (owner + expiry) that lets several instances
-- share the tasks.

UPDATE actor_server_state SET consecutive_failures = 0 WHERE consecutive_failures IS NULL;
UPDATE actor_server_state SET is_paused = FALSE WHERE is_paused IS NULL;
UPDATE actor_server_state SET metadata = '{}' WHERE metadata IS NULL;

ALTER TABLE actor_server_state
    ALTER COLUMN next_run DROP NOT NULL,
    ALTER COLUMN consecutive_failures SET NOT NULL,
    ALTER COLUMN is_paused SET NOT NULL,
    ALTER COLUMN metadata SET NOT NULL,
    ADD COLUMN pause_reason TEXT
        CONSTRAINT actor_server_state_pause_reason_check CHECK (pause_reason IN ('manual', 'circuit-open')),
    ADD COLUMN completed BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN active BOOLEAN NOT NULL DEFAULT TRUE,
    ADD COLUMN schedule_key TEXT,
    ADD COLUMN version INTEGER NOT NULL DEFAULT 1,
    ADD COLUMN lease_owner TEXT,
    ADD COLUMN lease_expires_at TIMESTAMPTZ;

-- A paused task keeps its reason: rows from the original server were paused by hand.
UPDATE actor_server_state SET pause_reason = 'manual' WHERE is_paused AND pause_reason IS NULL;

-- Claims and releases change only the lease columns, which no index covers: with room left on
-- each page those updates stay heap-only (no index writes).
ALTER TABLE actor_server_state SET (fillfactor = 70);

-- Due-task claims walk this index in next_run order; only runnable tasks are in it. The original
-- next_run and actor_name indexes go: every run rewrites its task's row, and each index with it.
DROP INDEX idx_actor_server_state_next_run;
DROP INDEX idx_actor_server_state_actor;
CREATE INDEX idx_actor_server_state_due ON actor_server_state (next_run, task_id)
    WHERE active AND NOT is_paused AND NOT completed AND next_run IS NOT NULL;
