-- Group commit for the label path (server/use-cases/append-annotation-row.ts): the labels
-- of one project that arrive while its previous write is in flight are written together,
-- in one statement, one transaction and one commit (one WAL flush), instead of queueing
-- one by one behind the project row lock, each with its own flush.
--
-- Takes the project row lock once, then runs append_annotation for each item in order,
-- each in its own subtransaction: an item that fails (a unique violation, say) is rolled
-- back alone (its sequence number too, so no gap) and reported with its SQLSTATE,
-- constraint and message, and the other items are written. One row per item, in order:
-- its sequence number and time when written; neither when its plan no longer holds.
-- Callers keep batches well under 64 items (PostgreSQL caches 64 subtransactions per
-- backend).
CREATE FUNCTION "append_annotation_batch"(p_project text, p_items jsonb)
RETURNS TABLE (idx integer, seq bigint, "createdAt" timestamptz, "errorCode" text, "errorConstraint" text, "errorMessage" text)
LANGUAGE plpgsql AS $$
DECLARE
  item jsonb;
  n integer := 0;
  written record;
BEGIN
  PERFORM 1 FROM "Project" WHERE id = p_project FOR NO KEY UPDATE;
  FOR item IN SELECT value FROM jsonb_array_elements(p_items) LOOP
    idx := n;
    seq := NULL;
    "createdAt" := NULL;
    "errorCode" := NULL;
    "errorConstraint" := NULL;
    "errorMessage" := NULL;
    BEGIN
      SELECT a.seq AS s, a."createdAt" AS t INTO written FROM "append_annotation"(
        p_project, item->>'scanId', item->>'id', item->>'authorId',
        (item->>'source')::"AnnotationSource", (item->>'action')::"AnnotationAction",
        NULLIF(item->'value', 'null'::jsonb), item->>'supersedesId', item->>'predictionId',
        item->>'idempotencyKey', (item->>'basisSeq')::bigint, (item->>'blindMode')::boolean,
        (item->>'labelsRequired')::integer) a;
      IF FOUND THEN
        seq := written.s;
        "createdAt" := written.t;
      END IF;
    EXCEPTION WHEN OTHERS THEN
      GET STACKED DIAGNOSTICS "errorCode" = RETURNED_SQLSTATE, "errorConstraint" = CONSTRAINT_NAME, "errorMessage" = MESSAGE_TEXT;
    END;
    RETURN NEXT;
    n := n + 1;
  END LOOP;
END;
$$;
