-- The imaging modality a project's scans are (CT, MR, ...), chosen when the project is created.
ALTER TABLE "Project" ADD COLUMN "modality" TEXT NOT NULL DEFAULT 'CT';
