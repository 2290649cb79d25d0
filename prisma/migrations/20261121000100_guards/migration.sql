-- Database-level guarantees that schema.prisma cannot express.

-- Annotations are append-only: every label ever given is kept. Undo, correction and
-- adjudication are new rows; no code path (nor a stray SQL session) may rewrite history.
CREATE FUNCTION "annotation_append_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'Annotation rows are append-only (% refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "Annotation_append_only_row"
  BEFORE UPDATE OR DELETE ON "Annotation"
  FOR EACH ROW EXECUTE FUNCTION "annotation_append_only"();

CREATE TRIGGER "Annotation_append_only_truncate"
  BEFORE TRUNCATE ON "Annotation"
  FOR EACH STATEMENT EXECUTE FUNCTION "annotation_append_only"();

-- At most one active model version per project and kind.
CREATE UNIQUE INDEX "ModelVersion_one_active_per_kind"
  ON "ModelVersion"("projectId", "kind") WHERE "active";

-- A scan is held by at most one active claim.
CREATE UNIQUE INDEX "Claim_one_active_per_scan"
  ON "Claim"("scanId") WHERE "state" = 'ACTIVE';

-- At most one queued or running training job per project: a crossing seen by several
-- app servers queues exactly one job.
CREATE UNIQUE INDEX "TrainingJob_one_open_per_project"
  ON "TrainingJob"("projectId") WHERE "state" IN ('QUEUED', 'RUNNING');

-- The training job lifecycle is a typed union: each state carries its own fields.
ALTER TABLE "TrainingJob" ADD CONSTRAINT "TrainingJob_state_fields" CHECK (
  ("state" = 'QUEUED')
  OR ("state" = 'RUNNING' AND "startedAt" IS NOT NULL)
  OR ("state" = 'SUCCEEDED' AND "startedAt" IS NOT NULL AND "finishedAt" IS NOT NULL)
  OR ("state" = 'FAILED' AND "error" IS NOT NULL AND "finishedAt" IS NOT NULL)
  OR ("state" = 'CANCELLED' AND "finishedAt" IS NOT NULL)
);

-- A claim's end is recorded exactly when it is no longer active.
ALTER TABLE "Claim" ADD CONSTRAINT "Claim_state_fields" CHECK (
  ("state" = 'ACTIVE' AND "endedAt" IS NULL) OR ("state" <> 'ACTIVE' AND "endedAt" IS NOT NULL)
);
