-- Decision documents are stored compressed as COMPRESS() does (read them with UNCOMPRESS(explanation)): they repeat
-- rule names and texts for every candidate, shrink several times, and are written at the rate of allocations.
ALTER TABLE decision ADD COLUMN explanation_compressed LONGBLOB NULL;
UPDATE decision SET explanation_compressed = COMPRESS(explanation);
ALTER TABLE decision DROP COLUMN explanation;
ALTER TABLE decision CHANGE COLUMN explanation_compressed explanation LONGBLOB NOT NULL;
