-- The baseline a training job measured its models against: a logistic regression on frozen
-- ResNet50 features of the same labelled scans (lib/registry/job-baseline.ts), or null.
ALTER TABLE "TrainingJob" ADD COLUMN "baseline" JSONB;
