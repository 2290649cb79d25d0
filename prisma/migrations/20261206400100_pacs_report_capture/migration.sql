-- A report may carry the model's Grad-CAM as a secondary capture in the same study; its instance UID.
ALTER TABLE "PacsReport" ADD COLUMN "captureSopInstanceUid" TEXT;
