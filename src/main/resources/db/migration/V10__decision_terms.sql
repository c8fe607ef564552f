-- Rule names and codes that decisions name, each once, numbered. A decision's rules column lists the numbers of its
-- rules and codes (",3,17,"), searched with LIKE, instead of the JSON list of their names, searched with JSON_CONTAINS,
-- which repeated the same long names in every row. Append-only: a number, once given, always names the same text, so
-- a row written with it reads the same after any restart. utf8mb4_nopad_bin: a rule name matches as JSON_CONTAINS matched,
-- exactly, case and trailing spaces included. Rows written before keep their JSON lists, still searched as before.
CREATE TABLE decision_term (
    id                    INT          NOT NULL AUTO_INCREMENT PRIMARY KEY,
    term                  VARCHAR(700) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
    UNIQUE INDEX decision_term_by_text (term)
) ENGINE = InnoDB;
-- A revision is found through its allocation's child (decision_by_child): this index repeated the primary key for
-- every revision 0, whose allocation id is its own id.
DROP INDEX decision_by_allocation ON decision;
