-- Execution records as DESIGN.md describes them: a status instead of a success flag, the slot,
-- the attempt, the instance that ran it and an error code. `success` is kept in step for readers
-- of the original schema.

UPDATE actor_server_executions SET metadata = '{}' WHERE metadata IS NULL;
UPDATE actor_server_executions SET skills_succeeded = 0 WHERE skills_succeeded IS NULL;
UPDATE actor_server_executions SET skills_failed = 0 WHERE skills_failed IS NULL;
UPDATE actor_server_executions SET skills_skipped = 0 WHERE skills_skipped IS NULL;

ALTER TABLE actor_server_executions
    ALTER COLUMN metadata SET NOT NULL,
    ALTER COLUMN skills_succeeded SET NOT NULL,
    ALTER COLUMN skills_failed SET NOT NULL,
    ALTER COLUMN skills_skipped SET NOT NULL,
    ADD COLUMN status TEXT NOT NULL DEFAULT 'running'
        CONSTRAINT actor_server_executions_status_check CHECK (status IN
            ('running', 'succeeded', 'failed', 'timed-out', 'interrupted', 'abandoned', 'skipped')),
    ADD COLUMN scheduled_for TIMESTAMPTZ,
    ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1,
    ADD COLUMN instance_id TEXT NOT NULL DEFAULT '',
    ADD COLUMN error_code TEXT;

-- Records of the original server: finished ones by their success flag, unfinished ones as running
-- (closed as abandoned at the next start), the slot taken to be the start.
UPDATE actor_server_executions
    SET status = CASE
            WHEN completed_at IS NULL THEN 'running'
            WHEN success THEN 'succeeded'
            ELSE 'failed'
        END,
        scheduled_for = started_at;
ALTER TABLE actor_server_executions ALTER COLUMN scheduled_for SET NOT NULL;

-- History pages (newest first per task), and the unfinished records crash recovery looks for.
-- The single-column indexes of the original schema are replaced: every run writes its record
-- twice, and each index on the table is written with it.
DROP INDEX idx_actor_server_executions_task;
DROP INDEX idx_actor_server_executions_started;
CREATE INDEX idx_actor_server_executions_task_started
    ON actor_server_executions (task_id, started_at DESC, id DESC);
CREATE INDEX idx_actor_server_executions_running
    ON actor_server_executions (started_at, id) WHERE status = 'running';
