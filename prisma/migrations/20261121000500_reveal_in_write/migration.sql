-- What the viewer shows of a scan besides its rows, as one function that both the scan
-- reads (server/use-cases/get-scan-state.ts) and the label write use: the scan's
-- predictions by the project's active model versions, and its live claim, if any.
CREATE FUNCTION "scan_view"(p_project text, p_scan text)
RETURNS TABLE (predictions json, "claimId" text, "claimUserId" text, "claimUserName" text, "claimExpiresAt" timestamptz)
LANGUAGE sql STABLE AS $$
  SELECT v.predictions, c."claimId", c."claimUserId", c."claimUserName", c."claimExpiresAt"
  FROM (
    SELECT coalesce(json_agg(json_build_object('id', pr.id, 'modelVersionId', pr."modelVersionId", 'kind', mv.kind, 'version', mv.version, 'probabilities', pr.probabilities)), '[]'::json) AS predictions
    FROM "Prediction" pr JOIN "ModelVersion" mv ON mv.id = pr."modelVersionId"
    WHERE pr."scanId" = p_scan AND mv."projectId" = p_project AND mv.active
  ) v
  LEFT JOIN LATERAL (
    SELECT c.id AS "claimId", c."userId" AS "claimUserId", cu.name AS "claimUserName", c."expiresAt" AS "claimExpiresAt"
    FROM "Claim" c JOIN "User" cu ON cu.id = c."userId"
    WHERE c."scanId" = p_scan AND c.state = 'ACTIVE' AND c."expiresAt" > now()
    LIMIT 1
  ) c ON true
$$;

-- The label write (append_annotation_batch, 20261121000400) also answers, for an item
-- that asks (`reveal`: its author could not see the scan's other labels before it, and
-- will now), with the scan's view as of the write: blind mode's reveal then costs no
-- read of its own after the commit. Otherwise as before.
DROP FUNCTION "append_annotation_batch"(text, jsonb);
CREATE FUNCTION "append_annotation_batch"(p_project text, p_items jsonb)
RETURNS TABLE (
  idx integer, seq bigint, "createdAt" timestamptz, "errorCode" text, "errorConstraint" text, "errorMessage" text,
  predictions json, "claimId" text, "claimUserId" text, "claimUserName" text, "claimExpiresAt" timestamptz
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
    "errorCode" := NULL;
    "errorConstraint" := NULL;
    "errorMessage" := NULL;
    predictions := NULL;
    "claimId" := NULL;
    "claimUserId" := NULL;
    "claimUserName" := NULL;
    "claimExpiresAt" := NULL;
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
