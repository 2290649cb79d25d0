-- A lead may retire labels and archive a project.
-- Retired labels stay in "labels" (probabilities and confusion matrices keep their order, and
-- old reads keep showing them) but no new read may choose one. An archived project is read-only
-- until an admin restores it. The annotation trigger below is the authority for both, so that a
-- label planned against a stale copy of the settings is refused by its write.
ALTER TABLE "Project" ADD COLUMN "retiredLabels" TEXT[] DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "Project" ADD COLUMN "archivedAt" TIMESTAMPTZ(6);

CREATE FUNCTION "annotation_refuse_retired_or_archived"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  retired text[];
  archived timestamptz;
BEGIN
  SELECT coalesce("retiredLabels", ARRAY[]::text[]), "archivedAt" INTO retired, archived FROM "Project" WHERE id = NEW."projectId";
  IF archived IS NOT NULL THEN
    RAISE EXCEPTION 'This project is archived: it is read-only until an admin restores it.'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'Annotation_project_archived';
  END IF;
  -- An undo brings back the read's earlier value, which may name a label retired since.
  IF NEW.action <> 'UNDO' AND NEW.value IS NOT NULL AND cardinality(retired) > 0
     AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(NEW.value->'labels') l WHERE l = ANY (retired)) THEN
    RAISE EXCEPTION 'A retired label cannot be chosen for a new read.'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'Annotation_label_retired';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "Annotation_refuse_retired_or_archived"
BEFORE INSERT ON "Annotation"
FOR EACH ROW EXECUTE FUNCTION "annotation_refuse_retired_or_archived"();
