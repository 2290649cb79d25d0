-- AlterTable: which ResNet50 variant the project's trainer uses (lib/models/configs resnet50Variants).
ALTER TABLE "Project" ADD COLUMN "resnet50Variant" TEXT NOT NULL DEFAULT 'finetune';

ALTER TABLE "Project" ADD CONSTRAINT "Project_resnet50Variant_known" CHECK ("resnet50Variant" IN ('finetune', 'frozen'));
