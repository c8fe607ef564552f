-- Nodes as they declared themselves, with their classification. A node that left keeps its row (left_at is set)
-- so that auditors can still ask about it.
CREATE TABLE node (
    id                    VARCHAR(64)  NOT NULL PRIMARY KEY,
    kind                  VARCHAR(16)  NOT NULL,
    profile               LONGTEXT     NOT NULL CHECK (JSON_VALID(profile)),
    peer_type             VARCHAR(16)  NOT NULL,
    classification        LONGTEXT     NOT NULL CHECK (JSON_VALID(classification)),
    joined_at             DATETIME(6)  NOT NULL,
    updated_at            DATETIME(6)  NOT NULL,
    left_at               DATETIME(6)  NULL
) ENGINE = InnoDB;

CREATE TABLE content (
    id                    VARCHAR(64)  NOT NULL PRIMARY KEY,
    kind                  VARCHAR(16)  NOT NULL,
    media                 VARCHAR(16)  NOT NULL,
    bitrate_kbps          INT          NOT NULL,
    monetization          VARCHAR(32)  NOT NULL,
    provider              VARCHAR(100) NOT NULL,
    category              VARCHAR(32)  NOT NULL,
    title                 VARCHAR(300) NOT NULL,
    age_rating            INT          NOT NULL,
    created_at            DATETIME(6)  NOT NULL,
    updated_at            DATETIME(6)  NOT NULL
) ENGINE = InnoDB;

CREATE TABLE holding (
    node_id               VARCHAR(64)  NOT NULL,
    content_id            VARCHAR(64)  NOT NULL,
    fraction              DOUBLE       NOT NULL,
    since                 DATETIME(6)  NOT NULL,
    PRIMARY KEY (node_id, content_id),
    INDEX holding_by_content (content_id)
) ENGINE = InnoDB;

-- One row per allocation that found parents. live_key is set only while it is active, so the unique index
-- keeps a child to one live allocation per content.
CREATE TABLE allocation (
    id                    VARCHAR(36)  NOT NULL PRIMARY KEY,
    child_id              VARCHAR(64)  NOT NULL,
    content_id            VARCHAR(64)  NOT NULL,
    status                VARCHAR(16)  NOT NULL,
    required_kbps         BIGINT       NOT NULL,
    covered_kbps          BIGINT       NOT NULL,
    parents               LONGTEXT     NOT NULL CHECK (JSON_VALID(parents)),
    relaxed_policies      LONGTEXT     NOT NULL CHECK (JSON_VALID(relaxed_policies)),
    summary               VARCHAR(2000) NOT NULL,
    created_at            DATETIME(6)  NOT NULL,
    ended_at              DATETIME(6)  NULL,
    end_reason            VARCHAR(200) NULL,
    live_key              VARCHAR(130) AS (IF(status = 'ACTIVE', CONCAT(child_id, '/', content_id), NULL)) PERSISTENT,
    UNIQUE INDEX allocation_one_live_per_child_and_content (live_key),
    INDEX allocation_by_child (child_id, created_at)
) ENGINE = InnoDB;

-- One row per decision, successful or not, with its explanation as a document. The columns beside it are the
-- ones auditors filter on; candidate_ids and rules are JSON arrays searched with JSON_CONTAINS.
CREATE TABLE decision (
    id                    VARCHAR(36)  NOT NULL PRIMARY KEY,
    decided_at            DATETIME(6)  NOT NULL,
    child_id              VARCHAR(64)  NOT NULL,
    content_id            VARCHAR(64)  NOT NULL,
    outcome               VARCHAR(16)  NOT NULL,
    policy_version        INT          NOT NULL,
    summary               VARCHAR(2000) NOT NULL,
    candidate_ids         LONGTEXT     NOT NULL CHECK (JSON_VALID(candidate_ids)),
    rules                 LONGTEXT     NOT NULL CHECK (JSON_VALID(rules)),
    explanation           LONGTEXT     NOT NULL CHECK (JSON_VALID(explanation)),
    INDEX decision_by_child (child_id, decided_at),
    INDEX decision_by_content (content_id, decided_at),
    INDEX decision_by_time (decided_at)
) ENGINE = InnoDB;
