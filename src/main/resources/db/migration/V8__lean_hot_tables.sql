-- The hot tables check no JSON on write: the service writes these columns itself, with Jackson, and checking them cost
-- the database a JSON parse per row. The columns stay LONGTEXT; JSON_CONTAINS and JSON_VALUE still read them. A
-- column's CHECK is part of its definition in MariaDB: redefining the column drops it (and rebuilds the table).
ALTER TABLE decision MODIFY candidate_ids LONGTEXT NOT NULL, MODIFY rules LONGTEXT NOT NULL;
ALTER TABLE allocation MODIFY parents LONGTEXT NOT NULL, MODIFY relaxed_policies LONGTEXT NOT NULL;
ALTER TABLE node MODIFY profile LONGTEXT NOT NULL, MODIFY classification LONGTEXT NOT NULL;
