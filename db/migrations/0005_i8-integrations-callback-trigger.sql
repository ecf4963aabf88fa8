-- Hand-written (drizzle-kit cannot express triggers). Every status change of a job that has a
-- callback_url writes its outbox row in the same transaction as the change, whichever process
-- or statement made it (worker pause/complete, API resume, any later pause path), so a process
-- dying between the change and the enqueue can never lose a callback: billing's relay enqueues
-- whatever the outbox holds.
CREATE OR REPLACE FUNCTION batch_enrich_job_emit_callback() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  event_type text;
BEGIN
  IF NEW.callback_url IS NULL OR NEW.status IS NOT DISTINCT FROM OLD.status THEN
    RETURN NEW;
  END IF;
  IF NEW.status = 'paused' THEN
    event_type := 'batch.paused';
  ELSIF NEW.status = 'completed' THEN
    event_type := 'batch.completed';
  ELSIF NEW.status = 'running' AND OLD.status = 'paused' THEN
    event_type := 'batch.resumed';
  ELSE
    RETURN NEW;
  END IF;
  INSERT INTO batch_enrich_callback (job_id, type, url, job_status, paused_reason, run)
  VALUES (NEW.id, event_type, NEW.callback_url, NEW.status, NEW.paused_reason, NEW.run);
  -- Wakes billing's relay at commit (it polls as well: a notification is only a hint).
  PERFORM pg_notify('batch_enrich_callback', '');
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER batch_enrich_job_callback
AFTER UPDATE OF status ON batch_enrich_job
FOR EACH ROW EXECUTE FUNCTION batch_enrich_job_emit_callback();
