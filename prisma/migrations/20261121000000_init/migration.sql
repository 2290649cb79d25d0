-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ANNOTATOR', 'CLINICIAN', 'LEAD', 'ADMIN');

-- CreateEnum
CREATE TYPE "TaskType" AS ENUM ('BINARY', 'MULTICLASS', 'MULTILABEL');

-- CreateEnum
CREATE TYPE "Split" AS ENUM ('TRAIN', 'VALIDATION', 'TEST', 'POOL');

-- CreateEnum
CREATE TYPE "AnnotationSource" AS ENUM ('HUMAN', 'IMPORT', 'PREDICTION_ACCEPTED', 'ADJUDICATION');

-- CreateEnum
CREATE TYPE "AnnotationAction" AS ENUM ('LABEL', 'CORRECT', 'UNDO', 'ACCEPT_PREDICTION', 'REJECT_PREDICTION', 'ADJUDICATE', 'IMPORT');

-- CreateEnum
CREATE TYPE "ModelKind" AS ENUM ('CNN', 'RESNET', 'RESNET50');

-- CreateEnum
CREATE TYPE "ModelState" AS ENUM ('TRAINING', 'READY', 'FAILED', 'ARCHIVED');

-- CreateEnum
CREATE TYPE "TrainingJobState" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "TrainingTrigger" AS ENUM ('THRESHOLD', 'MANUAL');

-- CreateEnum
CREATE TYPE "QueueKind" AS ENUM ('REVIEW', 'ADJUDICATION', 'SUSPECTED_ERROR');

-- CreateEnum
CREATE TYPE "ClaimState" AS ENUM ('ACTIVE', 'RELEASED', 'COMPLETED', 'EXPIRED');

-- CreateEnum
CREATE TYPE "JobState" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'ANNOTATOR',
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Project" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "task" "TaskType" NOT NULL DEFAULT 'MULTICLASS',
    "labels" TEXT[],
    "normalLabels" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "labelsRequired" INTEGER NOT NULL DEFAULT 2,
    "retrainThreshold" INTEGER NOT NULL DEFAULT 50,
    "modelKinds" "ModelKind"[] DEFAULT ARRAY['CNN', 'RESNET', 'RESNET50']::"ModelKind"[],
    "blindMode" BOOLEAN NOT NULL DEFAULT true,
    "strategy" TEXT NOT NULL DEFAULT 'entropy',
    "consensusThreshold" DOUBLE PRECISION NOT NULL DEFAULT 0.9,
    "claimTimeoutSeconds" INTEGER NOT NULL DEFAULT 300,
    "imageSize" INTEGER NOT NULL DEFAULT 128,
    "lastSequence" BIGINT NOT NULL DEFAULT 0,
    "labelsAtLastTraining" INTEGER NOT NULL DEFAULT 0,
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "Project_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProjectMember" (
    "projectId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProjectMember_pkey" PRIMARY KEY ("projectId","userId")
);

-- CreateTable
CREATE TABLE "Scan" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "fileHash" TEXT NOT NULL,
    "originalPath" TEXT NOT NULL,
    "originalName" TEXT NOT NULL,
    "previewPath" TEXT NOT NULL,
    "thumbnailPath" TEXT NOT NULL,
    "modality" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "frameIndex" INTEGER,
    "dicomMeta" JSONB,
    "split" "Split" NOT NULL DEFAULT 'POOL',
    "importedById" TEXT,
    "importBatchId" TEXT,
    "importedAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastServedAt" TIMESTAMPTZ(6),

    CONSTRAINT "Scan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Annotation" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "scanId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "source" "AnnotationSource" NOT NULL,
    "action" "AnnotationAction" NOT NULL,
    "value" JSONB,
    "supersedesId" TEXT,
    "seq" BIGINT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "predictionId" TEXT,
    "note" TEXT,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Annotation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LabelSnapshot" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "upToSeq" BIGINT NOT NULL,
    "rule" TEXT NOT NULL,
    "itemCount" INTEGER NOT NULL,
    "counts" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LabelSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModelVersion" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "kind" "ModelKind" NOT NULL,
    "version" INTEGER NOT NULL,
    "backend" TEXT NOT NULL,
    "hyperParams" JSONB NOT NULL,
    "metrics" JSONB,
    "labelCount" INTEGER NOT NULL,
    "labelSnapshotId" TEXT,
    "trainingTimeMs" INTEGER,
    "artifactPath" TEXT,
    "state" "ModelState" NOT NULL DEFAULT 'TRAINING',
    "active" BOOLEAN NOT NULL DEFAULT false,
    "pinned" BOOLEAN NOT NULL DEFAULT false,
    "parentId" TEXT,
    "trainingJobId" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(6),

    CONSTRAINT "ModelVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Prediction" (
    "id" TEXT NOT NULL,
    "modelVersionId" TEXT NOT NULL,
    "scanId" TEXT NOT NULL,
    "probabilities" DOUBLE PRECISION[],
    "mcSamples" JSONB,
    "embeddingRef" TEXT,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Prediction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Score" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "scanId" TEXT NOT NULL,
    "strategy" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "modelVersionIds" TEXT[],
    "versionKey" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Score_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QueueItem" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "scanId" TEXT NOT NULL,
    "queue" "QueueKind" NOT NULL DEFAULT 'REVIEW',
    "rank" INTEGER NOT NULL,
    "strategy" TEXT NOT NULL,
    "score" DOUBLE PRECISION,
    "reason" TEXT NOT NULL,
    "generation" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QueueItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Claim" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "scanId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "state" "ClaimState" NOT NULL DEFAULT 'ACTIVE',
    "expiresAt" TIMESTAMPTZ(6) NOT NULL,
    "endedAt" TIMESTAMPTZ(6),
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Claim_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrainingJob" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "state" "TrainingJobState" NOT NULL DEFAULT 'QUEUED',
    "trigger" "TrainingTrigger" NOT NULL,
    "requestedById" TEXT,
    "progress" JSONB,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 3,
    "error" TEXT,
    "labelCount" INTEGER NOT NULL DEFAULT 0,
    "workerId" TEXT,
    "queueJobId" TEXT,
    "queuedAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(6),
    "heartbeatAt" TIMESTAMPTZ(6),
    "finishedAt" TIMESTAMPTZ(6),

    CONSTRAINT "TrainingJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Explanation" (
    "id" TEXT NOT NULL,
    "modelVersionId" TEXT NOT NULL,
    "scanId" TEXT NOT NULL,
    "state" "JobState" NOT NULL DEFAULT 'QUEUED',
    "layerName" TEXT,
    "heatmapPath" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(6),

    CONSTRAINT "Explanation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportBatch" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "userId" TEXT,
    "state" "JobState" NOT NULL DEFAULT 'QUEUED',
    "imported" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "summary" JSONB,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(6),

    CONSTRAINT "ImportBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL,
    "actorId" TEXT,
    "projectId" TEXT,
    "action" TEXT NOT NULL,
    "subject" TEXT,
    "details" JSONB,
    "ip" TEXT,
    "userAgent" TEXT,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Project_slug_key" ON "Project"("slug");

-- CreateIndex
CREATE INDEX "ProjectMember_userId_idx" ON "ProjectMember"("userId");

-- CreateIndex
CREATE INDEX "Scan_projectId_split_idx" ON "Scan"("projectId", "split");

-- CreateIndex
CREATE INDEX "Scan_projectId_originalName_idx" ON "Scan"("projectId", "originalName");

-- CreateIndex
CREATE UNIQUE INDEX "Scan_projectId_contentHash_key" ON "Scan"("projectId", "contentHash");

-- CreateIndex
CREATE UNIQUE INDEX "Annotation_supersedesId_key" ON "Annotation"("supersedesId");

-- CreateIndex
CREATE INDEX "Annotation_scanId_createdAt_idx" ON "Annotation"("scanId", "createdAt");

-- CreateIndex
CREATE INDEX "Annotation_authorId_createdAt_idx" ON "Annotation"("authorId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Annotation_projectId_seq_key" ON "Annotation"("projectId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "Annotation_projectId_idempotencyKey_key" ON "Annotation"("projectId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "LabelSnapshot_projectId_createdAt_idx" ON "LabelSnapshot"("projectId", "createdAt");

-- CreateIndex
CREATE INDEX "ModelVersion_projectId_kind_active_idx" ON "ModelVersion"("projectId", "kind", "active");

-- CreateIndex
CREATE UNIQUE INDEX "ModelVersion_projectId_kind_version_key" ON "ModelVersion"("projectId", "kind", "version");

-- CreateIndex
CREATE INDEX "Prediction_scanId_idx" ON "Prediction"("scanId");

-- CreateIndex
CREATE UNIQUE INDEX "Prediction_modelVersionId_scanId_key" ON "Prediction"("modelVersionId", "scanId");

-- CreateIndex
CREATE INDEX "Score_projectId_strategy_versionKey_idx" ON "Score"("projectId", "strategy", "versionKey");

-- CreateIndex
CREATE UNIQUE INDEX "Score_scanId_strategy_versionKey_key" ON "Score"("scanId", "strategy", "versionKey");

-- CreateIndex
CREATE INDEX "QueueItem_projectId_queue_rank_idx" ON "QueueItem"("projectId", "queue", "rank");

-- CreateIndex
CREATE UNIQUE INDEX "QueueItem_projectId_queue_scanId_key" ON "QueueItem"("projectId", "queue", "scanId");

-- CreateIndex
CREATE INDEX "Claim_projectId_state_expiresAt_idx" ON "Claim"("projectId", "state", "expiresAt");

-- CreateIndex
CREATE INDEX "Claim_userId_state_idx" ON "Claim"("userId", "state");

-- CreateIndex
CREATE INDEX "TrainingJob_projectId_state_idx" ON "TrainingJob"("projectId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "Explanation_modelVersionId_scanId_key" ON "Explanation"("modelVersionId", "scanId");

-- CreateIndex
CREATE INDEX "ImportBatch_projectId_createdAt_idx" ON "ImportBatch"("projectId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_action_subject_createdAt_idx" ON "AuditEvent"("action", "subject", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_projectId_createdAt_idx" ON "AuditEvent"("projectId", "createdAt");

-- AddForeignKey
ALTER TABLE "Project" ADD CONSTRAINT "Project_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProjectMember" ADD CONSTRAINT "ProjectMember_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProjectMember" ADD CONSTRAINT "ProjectMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Scan" ADD CONSTRAINT "Scan_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Scan" ADD CONSTRAINT "Scan_importedById_fkey" FOREIGN KEY ("importedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Scan" ADD CONSTRAINT "Scan_importBatchId_fkey" FOREIGN KEY ("importBatchId") REFERENCES "ImportBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Annotation" ADD CONSTRAINT "Annotation_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Annotation" ADD CONSTRAINT "Annotation_scanId_fkey" FOREIGN KEY ("scanId") REFERENCES "Scan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Annotation" ADD CONSTRAINT "Annotation_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Annotation" ADD CONSTRAINT "Annotation_supersedesId_fkey" FOREIGN KEY ("supersedesId") REFERENCES "Annotation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Annotation" ADD CONSTRAINT "Annotation_predictionId_fkey" FOREIGN KEY ("predictionId") REFERENCES "Prediction"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LabelSnapshot" ADD CONSTRAINT "LabelSnapshot_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelVersion" ADD CONSTRAINT "ModelVersion_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelVersion" ADD CONSTRAINT "ModelVersion_labelSnapshotId_fkey" FOREIGN KEY ("labelSnapshotId") REFERENCES "LabelSnapshot"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelVersion" ADD CONSTRAINT "ModelVersion_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "ModelVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelVersion" ADD CONSTRAINT "ModelVersion_trainingJobId_fkey" FOREIGN KEY ("trainingJobId") REFERENCES "TrainingJob"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Prediction" ADD CONSTRAINT "Prediction_modelVersionId_fkey" FOREIGN KEY ("modelVersionId") REFERENCES "ModelVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Prediction" ADD CONSTRAINT "Prediction_scanId_fkey" FOREIGN KEY ("scanId") REFERENCES "Scan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Score" ADD CONSTRAINT "Score_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Score" ADD CONSTRAINT "Score_scanId_fkey" FOREIGN KEY ("scanId") REFERENCES "Scan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QueueItem" ADD CONSTRAINT "QueueItem_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QueueItem" ADD CONSTRAINT "QueueItem_scanId_fkey" FOREIGN KEY ("scanId") REFERENCES "Scan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Claim" ADD CONSTRAINT "Claim_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Claim" ADD CONSTRAINT "Claim_scanId_fkey" FOREIGN KEY ("scanId") REFERENCES "Scan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Claim" ADD CONSTRAINT "Claim_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrainingJob" ADD CONSTRAINT "TrainingJob_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrainingJob" ADD CONSTRAINT "TrainingJob_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Explanation" ADD CONSTRAINT "Explanation_modelVersionId_fkey" FOREIGN KEY ("modelVersionId") REFERENCES "ModelVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Explanation" ADD CONSTRAINT "Explanation_scanId_fkey" FOREIGN KEY ("scanId") REFERENCES "Scan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportBatch" ADD CONSTRAINT "ImportBatch_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportBatch" ADD CONSTRAINT "ImportBatch_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
