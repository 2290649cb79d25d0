-- A training job is never cancelled (no code path sets CANCELLED), so the state goes.
-- PostgreSQL cannot drop a value from an enum: a new type replaces the old one.
-- A row in that state could only come from a hand edit; it is kept, as FAILED with a reason.
UPDATE "TrainingJob"
   SET "state" = 'FAILED', "error" = COALESCE("error", 'cancelled'), "finishedAt" = COALESCE("finishedAt", now())
 WHERE "state" = 'CANCELLED';

ALTER TABLE "TrainingJob" DROP CONSTRAINT "TrainingJob_state_fields";
DROP INDEX "TrainingJob_one_open_per_project";
DROP INDEX "TrainingJob_projectId_state_idx";
ALTER TABLE "TrainingJob" ALTER COLUMN "state" DROP DEFAULT;

ALTER TYPE "TrainingJobState" RENAME TO "TrainingJobState_old";
CREATE TYPE "TrainingJobState" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED');
ALTER TABLE "TrainingJob"
  ALTER COLUMN "state" TYPE "TrainingJobState" USING ("state"::text::"TrainingJobState");
DROP TYPE "TrainingJobState_old";

ALTER TABLE "TrainingJob" ALTER COLUMN "state" SET DEFAULT 'QUEUED';
CREATE INDEX "TrainingJob_projectId_state_idx" ON "TrainingJob"("projectId", "state");
CREATE UNIQUE INDEX "TrainingJob_one_open_per_project"
  ON "TrainingJob"("projectId") WHERE "state" IN ('QUEUED', 'RUNNING');
ALTER TABLE "TrainingJob" ADD CONSTRAINT "TrainingJob_state_fields" CHECK (
  ("state" = 'QUEUED')
  OR ("state" = 'RUNNING' AND "startedAt" IS NOT NULL)
  OR ("state" = 'SUCCEEDED' AND "startedAt" IS NOT NULL AND "finishedAt" IS NOT NULL)
  OR ("state" = 'FAILED' AND "error" IS NOT NULL AND "finishedAt" IS NOT NULL)
);
