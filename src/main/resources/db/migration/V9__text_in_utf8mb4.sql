-- Text users send (names, titles, policy files, messages and summaries) is stored in any script: every table holds
-- utf8mb4, whatever the server's default character set, so a name outside Latin-1 can no longer fail a write.
-- Binary columns (the decision explanation) are left as they are. Each statement rebuilds its table once.
ALTER DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
ALTER TABLE node CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
ALTER TABLE content CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
ALTER TABLE holding CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
ALTER TABLE allocation CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
ALTER TABLE decision CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
ALTER TABLE policy_version CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
ALTER TABLE policy_version_file CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
ALTER TABLE policy_activation CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
ALTER TABLE node_token_key CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
ALTER TABLE pair_bar CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
