-- The key that signs node tokens when no key is configured (peerage.nodes.token-key): generated once, by the first
-- start, and kept here so that the tokens already handed to nodes stay valid across restarts.
CREATE TABLE node_token_key (
    id                    INT          NOT NULL PRIMARY KEY,
    private_key           TEXT         NOT NULL,
    created_at            DATETIME(6)  NOT NULL
) ENGINE = InnoDB;
