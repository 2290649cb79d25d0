-- The number of independent reads a scan needs is called readsPerScan everywhere: the
-- Project column is renamed, and the label write's functions, whose bodies name the column
-- and the batch items' key, are re-created with the new names (otherwise as
-- 20261204300100_append_per_chain_check).
ALTER TABLE "Project" RENAME COLUMN "labelsRequired" TO "readsPerScan";

-- A score row names what its value measures (a strategy's score, or mutual information),
-- not a strategy.
ALTER TABLE "Score" RENAME COLUMN "strategy" TO "measure";
ALTER INDEX "Score_projectId_strategy_versionKey_idx" RENAME TO "Score_projectId_measure_versionKey_idx";
ALTER INDEX "Score_scanId_strategy_versionKey_key" RENAME TO "Score_scanId_measure_versionKey_key";

DROP FUNCTION "append_annotation_batch"(text, jsonb);
DROP FUNCTION "append_annotation"(text, text, text, text, "AnnotationSource", "AnnotationAction", jsonb, text, text, text, bigint, boolean, integer);

CREATE FUNCTION "append_annotation"(
  p_project text, p_scan text, p_id text, p_author text,
  p_source "AnnotationSource", p_action "AnnotationAction", p_value jsonb,
  p_supersedes text, p_prediction text, p_key text,
  p_basis_seq bigint, p_blind_mode boolean, p_reads_per_scan integer
) RETURNS TABLE (seq bigint, "createdAt" timestamptz, "rowsBetween" boolean)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
  PERFORM 1 FROM "Project" WHERE id = p_project FOR NO KEY UPDATE;
  RETURN QUERY
  WITH p AS (
    UPDATE "Project" SET "lastSequence" = "lastSequence" + 1
    WHERE id = p_project AND "blindMode" = p_blind_mode AND "readsPerScan" = p_reads_per_scan
      AND NOT EXISTS (
        SELECT 1 FROM "Annotation" a
        WHERE a."scanId" = p_scan AND a.seq > p_basis_seq
          AND CASE WHEN p_source = 'ADJUDICATION' THEN a.source = 'ADJUDICATION'
                   ELSE a.source <> 'ADJUDICATION' AND a."authorId" = p_author END)
    RETURNING "lastSequence"
  ), ins AS (
    INSERT INTO "Annotation" (id, "projectId", "scanId", "authorId", source, action, value, "supersedesId", "predictionId", seq, "idempotencyKey")
    SELECT p_id, p_project, p_scan, p_author, p_source, p_action, p_value, p_supersedes, p_prediction, p."lastSequence", p_key FROM p
    RETURNING "Annotation".seq, "Annotation"."createdAt"
  ), done AS (
    UPDATE "Claim" SET state = 'COMPLETED', "endedAt" = now()
    WHERE "scanId" = p_scan AND "userId" = p_author AND state = 'ACTIVE' AND EXISTS (SELECT 1 FROM ins)
  )
  SELECT ins.seq, ins."createdAt",
         EXISTS (SELECT 1 FROM "Annotation" b WHERE b."scanId" = p_scan AND b.seq > p_basis_seq AND b.seq < ins.seq)
  FROM ins;
END;
$$;

CREATE FUNCTION "append_annotation_batch"(p_project text, p_items jsonb)
RETURNS TABLE (
  idx integer, seq bigint, "createdAt" timestamptz, "rowsBetween" boolean, "errorCode" text, "errorConstraint" text,
  "errorMessage" text, predictions json, "claimId" text, "claimUserId" text, "claimUserName" text,
  "claimExpiresAt" timestamptz
)
LANGUAGE plpgsql AS $$
DECLARE
  item jsonb;
  n integer := 0;
  written record;
  shown record;
BEGIN
  PERFORM 1 FROM "Project" WHERE id = p_project FOR NO KEY UPDATE;
  FOR item IN SELECT value FROM jsonb_array_elements(p_items) LOOP
    idx := n;
    seq := NULL;
    "createdAt" := NULL;
    "rowsBetween" := NULL;
    "errorCode" := NULL;
    "errorConstraint" := NULL;
    "errorMessage" := NULL;
    predictions := NULL;
    "claimId" := NULL;
    "claimUserId" := NULL;
    "claimUserName" := NULL;
    "claimExpiresAt" := NULL;
    BEGIN
      SELECT a.seq AS s, a."createdAt" AS t, a."rowsBetween" AS b INTO written FROM "append_annotation"(
        p_project, item->>'scanId', item->>'id', item->>'authorId',
        (item->>'source')::"AnnotationSource", (item->>'action')::"AnnotationAction",
        NULLIF(item->'value', 'null'::jsonb), item->>'supersedesId', item->>'predictionId',
        item->>'idempotencyKey', (item->>'basisSeq')::bigint, (item->>'blindMode')::boolean,
        (item->>'readsPerScan')::integer) a;
      IF FOUND THEN
        seq := written.s;
        "createdAt" := written.t;
        "rowsBetween" := written.b;
        IF (item->>'reveal')::boolean THEN
          SELECT * INTO shown FROM "scan_view"(p_project, item->>'scanId');
          predictions := shown.predictions;
          "claimId" := shown."claimId";
          "claimUserId" := shown."claimUserId";
          "claimUserName" := shown."claimUserName";
          "claimExpiresAt" := shown."claimExpiresAt";
        END IF;
      END IF;
    EXCEPTION WHEN OTHERS THEN
      GET STACKED DIAGNOSTICS "errorCode" = RETURNED_SQLSTATE, "errorConstraint" = CONSTRAINT_NAME, "errorMessage" = MESSAGE_TEXT;
    END;
    RETURN NEXT;
    n := n + 1;
  END LOOP;
END;
$$;
