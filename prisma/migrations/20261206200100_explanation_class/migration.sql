-- An explanation answers "where does the model see <class>?" for one class of the project's
-- label set; -1 asks for the class the model itself predicts on the scan. Each class of a
-- (model version, scan) has its own row and heatmap.
ALTER TABLE "Explanation" ADD COLUMN "classIndex" INTEGER NOT NULL DEFAULT -1;
ALTER TABLE "Explanation" ADD CONSTRAINT "Explanation_classIndex_check" CHECK ("classIndex" >= -1);
DROP INDEX "Explanation_modelVersionId_scanId_key";
CREATE UNIQUE INDEX "Explanation_modelVersionId_scanId_classIndex_key" ON "Explanation"("modelVersionId", "scanId", "classIndex");
