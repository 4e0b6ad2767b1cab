-- Wakes other instances when a task is paused, resumed, or made due earlier (a trigger or a
-- reschedule): NOTIFY on the channel `<schema>.actor_task` with `{"taskId", "kind"}`. Ordinary runs
-- move next_run later and send nothing. Polling remains the backstop when a notification is missed.

CREATE FUNCTION actor_notify_task_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    change TEXT;
BEGIN
    IF NEW.is_paused AND NOT OLD.is_paused THEN
        change := 'paused';
    ELSIF OLD.is_paused AND NOT NEW.is_paused THEN
        change := 'resumed';
    ELSE
        change := 'due-earlier';
    END IF;
    PERFORM pg_notify(
        TG_TABLE_SCHEMA || '.actor_task',
        json_build_object('taskId', NEW.task_id, 'kind', change)::text
    );
    RETURN NULL;
END;
$$;

CREATE TRIGGER actor_task_paused_or_resumed
    AFTER UPDATE OF is_paused ON actor_server_state
    FOR EACH ROW WHEN (OLD.is_paused IS DISTINCT FROM NEW.is_paused)
    EXECUTE FUNCTION actor_notify_task_change();

CREATE TRIGGER actor_task_due_earlier
    AFTER UPDATE OF next_run ON actor_server_state
    FOR EACH ROW WHEN (
        OLD.is_paused IS NOT DISTINCT FROM NEW.is_paused
        AND NEW.next_run IS NOT NULL
        AND (OLD.next_run IS NULL OR NEW.next_run < OLD.next_run)
    )
    EXECUTE FUNCTION actor_notify_task_change();
