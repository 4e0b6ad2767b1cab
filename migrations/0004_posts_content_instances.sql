-- Post history (one row per posted slot, keyed by its idempotency key), the content queue, and the
-- registry of running instances.

CREATE TABLE post_history (
    idempotency_key TEXT PRIMARY KEY,
    task_id VARCHAR(255) NOT NULL,
    actor_name VARCHAR(255) NOT NULL,
    platform TEXT NOT NULL,
    destination TEXT NOT NULL,
    content_id TEXT,
    message_ids JSONB NOT NULL DEFAULT '[]',
    posted_at TIMESTAMPTZ NOT NULL,
    metadata JSONB NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_post_history_posted ON post_history (posted_at DESC);
CREATE INDEX idx_post_history_task ON post_history (task_id, posted_at DESC);
CREATE INDEX idx_post_history_actor ON post_history (actor_name, posted_at DESC);
CREATE INDEX idx_post_history_content ON post_history (content_id) WHERE content_id IS NOT NULL;

-- Posts waiting to be selected by the `select-content` skill, grouped in named queues.
CREATE TABLE content (
    id TEXT PRIMARY KEY,
    queue TEXT NOT NULL DEFAULT 'default',
    body JSONB NOT NULL,
    priority INTEGER NOT NULL DEFAULT 0,
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    metadata JSONB NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_content_queue ON content (queue, priority DESC, created_at, id) WHERE enabled;

-- One row per configured instance id: the incarnation (process) that holds it and until when,
-- whether it stopped cleanly, and the incarnation before it (as JSON), which a restarted instance
-- reads to close its dead runs.
CREATE TABLE actor_server_instances (
    instance_id TEXT PRIMARY KEY,
    incarnation TEXT NOT NULL,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    heartbeat_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    stopped BOOLEAN NOT NULL DEFAULT FALSE,
    previous JSONB
);
