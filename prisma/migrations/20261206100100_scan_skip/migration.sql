-- A reader's "Next" without a read passes over the scan: "Next" then serves it to that reader
-- only after every scan they have not passed over (oldest pass first).
CREATE TABLE "ScanSkip" (
    "userId" TEXT NOT NULL,
    "scanId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "skippedAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScanSkip_pkey" PRIMARY KEY ("userId", "scanId")
);

CREATE INDEX "ScanSkip_projectId_userId_idx" ON "ScanSkip"("projectId", "userId");

ALTER TABLE "ScanSkip" ADD CONSTRAINT "ScanSkip_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ScanSkip" ADD CONSTRAINT "ScanSkip_scanId_fkey" FOREIGN KEY ("scanId") REFERENCES "Scan"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ScanSkip" ADD CONSTRAINT "ScanSkip_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
