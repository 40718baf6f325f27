-- Brakes on guessing (passwords at sign-in, invitation acceptance and the password form; device
-- user codes on the verification page), shared by every instance on the database so that
-- failures counted by one instance hold on all. A row is one thing counted (an account or a
-- client address, per kind of guess), named by the SHA-256 (hex) of its key, so that what was
-- typed as an email (sometimes a password) and addresses are not kept as such. Times are epoch
-- ms; rows without failures or a block for an hour are forgotten.
CREATE TABLE throttle (
    key_hash      CHAR(64) PRIMARY KEY,
    failures      INTEGER  NOT NULL,
    blocks        INTEGER  NOT NULL,
    blocked_until BIGINT   NOT NULL,
    last_failure  BIGINT   NOT NULL
);
CREATE INDEX throttle_last_failure ON throttle (last_failure);
