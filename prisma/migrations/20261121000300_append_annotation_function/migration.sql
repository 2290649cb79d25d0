-- The label path's write (server/use-cases/append-annotation-row.ts), as one function so
-- that PostgreSQL plans its statements once per connection instead of on every label.
--
-- Under the project row lock: if the plan still holds (the scan has no row after the
-- one planned against, and blind mode and reads per scan are unchanged), take the next
-- sequence number, insert the row and complete the author's active claim on the scan.
-- Returns the row's sequence number and time, or nothing when the plan no longer holds
-- (nothing written, no number used). Called as one statement, it commits with it.
-- NO KEY UPDATE is the strength UPDATE takes: other writers' foreign-key checks (a
-- claim's KEY SHARE on the project) must not wait on it, or two such transactions can
-- deadlock.
CREATE FUNCTION "append_annotation"(
  p_project text, p_scan text, p_id text, p_author text,
  p_source "AnnotationSource", p_action "AnnotationAction", p_value jsonb,
  p_supersedes text, p_prediction text, p_key text,
  p_basis_seq bigint, p_blind_mode boolean, p_labels_required integer
) RETURNS TABLE (seq bigint, "createdAt" timestamptz)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
  PERFORM 1 FROM "Project" WHERE id = p_project FOR NO KEY UPDATE;
  RETURN QUERY
  WITH p AS (
    UPDATE "Project" SET "lastSequence" = "lastSequence" + 1
    WHERE id = p_project AND "blindMode" = p_blind_mode AND "labelsRequired" = p_labels_required
      AND NOT EXISTS (SELECT 1 FROM "Annotation" a WHERE a."scanId" = p_scan AND a.seq > p_basis_seq)
    RETURNING "lastSequence"
  ), ins AS (
    INSERT INTO "Annotation" (id, "projectId", "scanId", "authorId", source, action, value, "supersedesId", "predictionId", seq, "idempotencyKey")
    SELECT p_id, p_project, p_scan, p_author, p_source, p_action, p_value, p_supersedes, p_prediction, p."lastSequence", p_key FROM p
    RETURNING "Annotation".seq, "Annotation"."createdAt"
  ), done AS (
    UPDATE "Claim" SET state = 'COMPLETED', "endedAt" = now()
    WHERE "scanId" = p_scan AND "userId" = p_author AND state = 'ACTIVE' AND EXISTS (SELECT 1 FROM ins)
  )
  SELECT ins.seq, ins."createdAt" FROM ins;
END;
$$;
