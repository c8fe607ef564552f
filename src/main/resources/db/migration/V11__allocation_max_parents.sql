-- The most parents each allocation asked for, so that its repairs and congestion reactions keep to it. Rows written
-- before stay NULL and read as the configured default (peerage.allocation.default-max-parents), or as their number of
-- parents when that is more.
ALTER TABLE allocation ADD COLUMN max_parents INT NULL;
