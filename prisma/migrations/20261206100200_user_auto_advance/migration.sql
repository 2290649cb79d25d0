-- A reader's preference: the labelling page moves on to the next scan after each read.
ALTER TABLE "User" ADD COLUMN "autoAdvance" BOOLEAN NOT NULL DEFAULT true;
