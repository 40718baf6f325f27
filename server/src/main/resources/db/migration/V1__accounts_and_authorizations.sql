-- Organisations, accounts and who belongs where. Issue 6 adds members, roles, invitations
-- and API keys next to these tables; the role column already says what a member may do.
CREATE TABLE organization (
    uuid              VARCHAR(36)  PRIMARY KEY,
    name              VARCHAR(200) NOT NULL,
    organization_type VARCHAR(40)  NOT NULL,
    billing_type      VARCHAR(40),
    rate_limit_tier   VARCHAR(80),
    created_at        BIGINT       NOT NULL
);

CREATE TABLE account (
    uuid          VARCHAR(36)  PRIMARY KEY,
    email         VARCHAR(320) NOT NULL,
    display_name  VARCHAR(200) NOT NULL,
    full_name     VARCHAR(200),
    password_hash VARCHAR(200) NOT NULL,
    created_at    BIGINT       NOT NULL
);
CREATE UNIQUE INDEX account_email ON account (email);

CREATE TABLE membership (
    account_uuid      VARCHAR(36) NOT NULL REFERENCES account (uuid),
    organization_uuid VARCHAR(36) NOT NULL REFERENCES organization (uuid),
    role              VARCHAR(40) NOT NULL,
    created_at        BIGINT      NOT NULL,
    PRIMARY KEY (account_uuid, organization_uuid)
);

-- One row per login (OAuth2Authorization). Codes, tokens and the consent state are kept only
-- as SHA-256 hashes (hex); times are epoch milliseconds.
CREATE TABLE oauth_authorization (
    id                       VARCHAR(100)   PRIMARY KEY,
    registered_client_id     VARCHAR(100)   NOT NULL,
    principal_name           VARCHAR(200)   NOT NULL,
    grant_type               VARCHAR(100)   NOT NULL,
    authorized_scopes        VARCHAR(1000),
    authorities              VARCHAR(1000),
    request_json             VARCHAR(20000),
    state_hash               CHAR(64),
    code_hash                CHAR(64),
    code_issued_at           BIGINT,
    code_expires_at          BIGINT,
    code_invalidated         BOOLEAN,
    access_token_hash        CHAR(64),
    access_token_issued_at   BIGINT,
    access_token_expires_at  BIGINT,
    access_token_scopes      VARCHAR(1000),
    access_token_invalidated BOOLEAN,
    refresh_token_hash       CHAR(64),
    refresh_token_issued_at  BIGINT,
    refresh_token_expires_at BIGINT,
    refresh_token_invalidated BOOLEAN,
    updated_at               BIGINT         NOT NULL
);
CREATE UNIQUE INDEX oauth_authorization_state ON oauth_authorization (state_hash);
CREATE UNIQUE INDEX oauth_authorization_code ON oauth_authorization (code_hash);
CREATE UNIQUE INDEX oauth_authorization_access ON oauth_authorization (access_token_hash);
CREATE UNIQUE INDEX oauth_authorization_refresh ON oauth_authorization (refresh_token_hash);

-- Refresh tokens replaced by rotation, so that a reuse can be recognised and end the login.
CREATE TABLE oauth_retired_refresh_token (
    token_hash       CHAR(64)     PRIMARY KEY,
    authorization_id VARCHAR(100) NOT NULL,
    retired_at       BIGINT       NOT NULL
);
