-- Every policy set that was ever valid, with its files as they were: what a restart or a second replica
-- activates, and what an auditor reads to know which rules a decision was made under.
CREATE TABLE policy_version (
    number                INT          NOT NULL PRIMARY KEY,
    checksum              VARCHAR(64)  NOT NULL,
    author                VARCHAR(200) NOT NULL,
    created_at            DATETIME(6)  NOT NULL,
    diff                  LONGTEXT     NOT NULL
) ENGINE = InnoDB;

CREATE TABLE policy_version_file (
    version_number        INT          NOT NULL,
    name                  VARCHAR(200) NOT NULL,
    sha256                CHAR(64)     NOT NULL,
    text                  LONGTEXT     NOT NULL,
    PRIMARY KEY (version_number, name),
    CONSTRAINT policy_version_file_version FOREIGN KEY (version_number) REFERENCES policy_version (number)
) ENGINE = InnoDB;

-- Activations in order: the latest row says which version is active, and the rows before it are its history.
CREATE TABLE policy_activation (
    id                    BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    version_number        INT          NOT NULL,
    activated_at          DATETIME(6)  NOT NULL,
    activated_by          VARCHAR(200) NOT NULL,
    CONSTRAINT policy_activation_version FOREIGN KEY (version_number) REFERENCES policy_version (number)
) ENGINE = InnoDB;
