-- PACS sources (DICOMweb), the series pulled from them, the reports sent back, and the series
-- each scan belongs to (kept together for the stack viewer).

-- AlterTable: the DICOM SeriesInstanceUID, or the folder a PNG/JPEG came from ('' for a file given alone).
ALTER TABLE "Scan" ADD COLUMN "seriesKey" TEXT;

UPDATE "Scan"
SET "seriesKey" = COALESCE(
  NULLIF("dicomMeta"->>'SeriesInstanceUID', ''),
  CASE WHEN strpos("originalName", '/') > 0 THEN regexp_replace("originalName", '/[^/]*$', '') ELSE '' END
);

CREATE INDEX "Scan_projectId_seriesKey_idx" ON "Scan"("projectId", "seriesKey");

-- CreateEnum
CREATE TYPE "PacsAuth" AS ENUM ('NONE', 'BASIC', 'BEARER');

-- CreateTable
CREATE TABLE "PacsSource" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "baseUrl" TEXT NOT NULL,
    "auth" "PacsAuth" NOT NULL DEFAULT 'NONE',
    "username" TEXT,
    "secretCiphertext" TEXT,
    "filter" JSONB NOT NULL,
    "syncIntervalMinutes" INTEGER,
    "sendAfterAdjudication" BOOLEAN NOT NULL DEFAULT false,
    "syncStatus" JSONB,
    "lastSyncAt" TIMESTAMPTZ(6),
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "PacsSource_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "PacsSource_syncIntervalMinutes_positive" CHECK ("syncIntervalMinutes" IS NULL OR "syncIntervalMinutes" > 0)
);

-- CreateTable
CREATE TABLE "PacsSeries" (
    "id" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "studyInstanceUid" TEXT NOT NULL,
    "seriesInstanceUid" TEXT NOT NULL,
    "state" "JobState" NOT NULL DEFAULT 'RUNNING',
    "instances" INTEGER NOT NULL DEFAULT 0,
    "imported" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "failures" JSONB NOT NULL DEFAULT '[]',
    "error" TEXT,
    "importBatchId" TEXT,
    "claimedAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(6),

    CONSTRAINT "PacsSeries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PacsReport" (
    "id" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "scanId" TEXT NOT NULL,
    "sopInstanceUid" TEXT NOT NULL,
    "seriesInstanceUid" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "modelVersionId" TEXT,
    "state" "JobState" NOT NULL DEFAULT 'RUNNING',
    "error" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(6),

    CONSTRAINT "PacsReport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PacsSource_projectId_name_key" ON "PacsSource"("projectId", "name");
CREATE UNIQUE INDEX "PacsSeries_sourceId_seriesInstanceUid_key" ON "PacsSeries"("sourceId", "seriesInstanceUid");
CREATE INDEX "PacsSeries_sourceId_state_idx" ON "PacsSeries"("sourceId", "state");
CREATE UNIQUE INDEX "PacsReport_sopInstanceUid_key" ON "PacsReport"("sopInstanceUid");
CREATE INDEX "PacsReport_sourceId_createdAt_idx" ON "PacsReport"("sourceId", "createdAt");
CREATE INDEX "PacsReport_scanId_idx" ON "PacsReport"("scanId");

-- AddForeignKey
ALTER TABLE "PacsSource" ADD CONSTRAINT "PacsSource_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "PacsSource" ADD CONSTRAINT "PacsSource_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "PacsSeries" ADD CONSTRAINT "PacsSeries_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "PacsSource"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "PacsSeries" ADD CONSTRAINT "PacsSeries_importBatchId_fkey" FOREIGN KEY ("importBatchId") REFERENCES "ImportBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "PacsReport" ADD CONSTRAINT "PacsReport_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "PacsSource"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "PacsReport" ADD CONSTRAINT "PacsReport_scanId_fkey" FOREIGN KEY ("scanId") REFERENCES "Scan"("id") ON DELETE CASCADE ON UPDATE CASCADE;
