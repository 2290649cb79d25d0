-- The 'stage4' ResNet50 variant (frozen stages 1-4, a logistic head on stage 4's max pool) is
-- known and is the default for new projects; existing projects keep the variant they have.
ALTER TABLE "Project" DROP CONSTRAINT "Project_resnet50Variant_known";
ALTER TABLE "Project" ADD CONSTRAINT "Project_resnet50Variant_known" CHECK ("resnet50Variant" IN ('stage4', 'finetune', 'frozen'));
ALTER TABLE "Project" ALTER COLUMN "resnet50Variant" SET DEFAULT 'stage4';
