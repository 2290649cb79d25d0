-- The held-out scans a model version was evaluated on, with the label each was held to and
-- the label the version predicted: a confusion-matrix cell opens exactly the scans it counted.
-- The validation examples may be drawn from training scans, so Scan.split cannot find them.
CREATE TYPE "EvaluationSplit" AS ENUM ('VALIDATION', 'TEST');

CREATE TABLE "EvaluatedScan" (
    "modelVersionId" TEXT NOT NULL,
    "scanId" TEXT NOT NULL,
    "split" "EvaluationSplit" NOT NULL,
    "trueLabel" TEXT NOT NULL,
    "predictedLabel" TEXT NOT NULL,
    CONSTRAINT "EvaluatedScan_pkey" PRIMARY KEY ("modelVersionId", "split", "scanId")
);

CREATE INDEX "EvaluatedScan_modelVersionId_split_trueLabel_predictedLabel_idx"
    ON "EvaluatedScan"("modelVersionId", "split", "trueLabel", "predictedLabel");
CREATE INDEX "EvaluatedScan_scanId_idx" ON "EvaluatedScan"("scanId");

ALTER TABLE "EvaluatedScan" ADD CONSTRAINT "EvaluatedScan_modelVersionId_fkey"
    FOREIGN KEY ("modelVersionId") REFERENCES "ModelVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "EvaluatedScan" ADD CONSTRAINT "EvaluatedScan_scanId_fkey"
    FOREIGN KEY ("scanId") REFERENCES "Scan"("id") ON DELETE CASCADE ON UPDATE CASCADE;
