-- Issue 4: the refresh-token grace period. For a few seconds after a rotation, the retired
-- token's row keeps the token response that replaced it, sealed with AES-GCM under a key
-- derived (HKDF-SHA-256) from the retired token itself, which is stored only as a hash: without
-- that token the sealed response cannot be read. Cleared once the grace period is over.
ALTER TABLE oauth_retired_refresh_token ADD COLUMN sealed_response VARCHAR(4000);
ALTER TABLE oauth_retired_refresh_token ADD COLUMN grace_until BIGINT;
CREATE INDEX oauth_retired_refresh_token_grace ON oauth_retired_refresh_token (grace_until);
CREATE INDEX oauth_retired_refresh_token_login ON oauth_retired_refresh_token (authorization_id);

-- Issue 5: the device authorization grant (RFC 8628). Device and user codes are kept only as
-- SHA-256 hashes (hex) like every other secret; requested_scopes is what the device asked for
-- while it waits for approval; the poll columns enforce the polling interval (slow_down).
ALTER TABLE oauth_authorization ADD COLUMN device_code_hash CHAR(64);
ALTER TABLE oauth_authorization ADD COLUMN device_code_issued_at BIGINT;
ALTER TABLE oauth_authorization ADD COLUMN device_code_expires_at BIGINT;
ALTER TABLE oauth_authorization ADD COLUMN device_code_invalidated BOOLEAN;
ALTER TABLE oauth_authorization ADD COLUMN user_code_hash CHAR(64);
ALTER TABLE oauth_authorization ADD COLUMN user_code_issued_at BIGINT;
ALTER TABLE oauth_authorization ADD COLUMN user_code_expires_at BIGINT;
ALTER TABLE oauth_authorization ADD COLUMN user_code_invalidated BOOLEAN;
ALTER TABLE oauth_authorization ADD COLUMN requested_scopes VARCHAR(1000);
ALTER TABLE oauth_authorization ADD COLUMN device_poll_interval INTEGER;
ALTER TABLE oauth_authorization ADD COLUMN device_last_poll_at BIGINT;
CREATE UNIQUE INDEX oauth_authorization_device_code ON oauth_authorization (device_code_hash);
CREATE UNIQUE INDEX oauth_authorization_user_code ON oauth_authorization (user_code_hash);

-- Issue 3: remote-control sessions (/v1/sessions), a stand-in for the reference's, owned by an
-- account; only tokens with user:sessions:claude_code reach them.
CREATE TABLE remote_session (
    id           VARCHAR(40)  PRIMARY KEY,
    account_uuid VARCHAR(36)  NOT NULL,
    title        VARCHAR(200) NOT NULL,
    created_at   BIGINT       NOT NULL
);
CREATE INDEX remote_session_account ON remote_session (account_uuid, created_at);
