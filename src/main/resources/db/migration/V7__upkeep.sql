-- Soft state and repairs. A node whose lease ran out is SILENT (silent_at set, left_at null): its profile and holdings
-- stay so that its next heartbeat brings it back.
ALTER TABLE node ADD COLUMN silent_at DATETIME(6) NULL;

-- An allocation keeps its id for its whole life; each repair is a new revision of it.
ALTER TABLE allocation ADD COLUMN revision INT NOT NULL DEFAULT 0;

-- A decision is one revision of one allocation: revision 0 is the allocation itself (id = allocation id), a repair has
-- an id of its own, the allocation's id and the trigger that started it.
ALTER TABLE decision ADD COLUMN allocation_id VARCHAR(36) NULL;
ALTER TABLE decision ADD COLUMN revision INT NOT NULL DEFAULT 0;
ALTER TABLE decision ADD COLUMN repair_trigger VARCHAR(32) NULL;
UPDATE decision SET allocation_id = id WHERE allocation_id IS NULL;
CREATE INDEX decision_by_allocation ON decision (allocation_id, revision);
CREATE INDEX decision_by_trigger ON decision (repair_trigger, decided_at);

-- A child and a parent that could not connect are not paired again until barred_until; kept across restarts.
CREATE TABLE pair_bar (
    child_id              VARCHAR(64)  NOT NULL,
    parent_id             VARCHAR(64)  NOT NULL,
    barred_until          DATETIME(6)  NOT NULL,
    allocation_id         VARCHAR(36)  NOT NULL,
    detail                VARCHAR(500) NULL,
    created_at            DATETIME(6)  NOT NULL,
    PRIMARY KEY (child_id, parent_id),
    INDEX pair_bar_by_time (barred_until)
) ENGINE = InnoDB;
