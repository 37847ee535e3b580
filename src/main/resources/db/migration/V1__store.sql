-- The sync's own memory. Everything the service knows about the two sides beyond what they hold themselves.

-- A CRM record and the Dinero record it is synced with, per module, with what was last written on each side.
CREATE TABLE sync_link (
    id                 BIGINT AUTO_INCREMENT PRIMARY KEY,
    module             VARCHAR(20)  NOT NULL,
    crm_id             VARCHAR(40)  NOT NULL,
    dinero_id          VARCHAR(64)  NOT NULL,
    crm_hash           VARCHAR(64),              -- hash of the mapped content last written to / read from the CRM
    dinero_hash        VARCHAR(64),              -- hash of the mapped content last written to / read from Dinero
    crm_modified_time  VARCHAR(32),              -- the CRM's modifiedtime after our last write
    dinero_timestamp   VARCHAR(64),              -- Dinero's TimeStamp / UpdatedAt after our last write
    created_at         TIMESTAMP    NOT NULL,
    updated_at         TIMESTAMP    NOT NULL,
    CONSTRAINT uq_link_crm UNIQUE (module, crm_id),
    CONSTRAINT uq_link_dinero UNIQUE (module, dinero_id)
);

-- A create sent to one side whose answer is not yet booked as a link: resolved by lookup after a crash.
CREATE TABLE sync_pending_create (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    module      VARCHAR(20)  NOT NULL,
    side        VARCHAR(10)  NOT NULL,           -- 'crm' or 'dinero': where the record is being created
    source_id   VARCHAR(64)  NOT NULL,           -- id of the record on the other side
    marker      VARCHAR(128) NOT NULL,           -- what identifies it on the target (ExternalReference, natural key)
    created_at  TIMESTAMP    NOT NULL,
    CONSTRAINT uq_pending UNIQUE (module, side, source_id)
);

-- How far each side of each module has been read.
CREATE TABLE sync_cursor (
    module      VARCHAR(20)  NOT NULL,
    side        VARCHAR(10)  NOT NULL,
    position    VARCHAR(64)  NOT NULL,           -- CRM: modifiedtime / unix seconds; Dinero: changesSince instant
    updated_at  TIMESTAMP    NOT NULL,
    PRIMARY KEY (module, side)
);

-- One sync run: bulk (manual/schedule) or a single record.
CREATE TABLE sync_run (
    id            BIGINT AUTO_INCREMENT PRIMARY KEY,
    trigger_type  VARCHAR(20)   NOT NULL,        -- manual, schedule, record
    status        VARCHAR(20)   NOT NULL,        -- running, succeeded, partial, failed, interrupted
    direction     VARCHAR(20)   NOT NULL,
    started_at    TIMESTAMP     NOT NULL,
    ended_at      TIMESTAMP,
    message       VARCHAR(2000)
);

-- Per run and module: counts and progress.
CREATE TABLE sync_run_module (
    run_id     BIGINT       NOT NULL REFERENCES sync_run (id) ON DELETE CASCADE,
    module     VARCHAR(20)  NOT NULL,
    created    INT          NOT NULL DEFAULT 0,
    updated    INT          NOT NULL DEFAULT 0,
    unchanged  INT          NOT NULL DEFAULT 0,
    failed     INT          NOT NULL DEFAULT 0,
    processed  INT          NOT NULL DEFAULT 0,
    total      INT,
    PRIMARY KEY (run_id, module)
);

-- A record one side refused, with that side's reason; retried on later runs until it succeeds or changes.
CREATE TABLE sync_failure (
    id           BIGINT AUTO_INCREMENT PRIMARY KEY,
    run_id       BIGINT        REFERENCES sync_run (id) ON DELETE SET NULL,
    module       VARCHAR(20)   NOT NULL,
    side         VARCHAR(10)   NOT NULL,         -- the side that refused: 'crm' or 'dinero'
    crm_id       VARCHAR(40),
    dinero_id    VARCHAR(64),
    code         VARCHAR(40),
    message      VARCHAR(4000) NOT NULL,
    attempts     INT           NOT NULL DEFAULT 1,
    first_at     TIMESTAMP     NOT NULL,
    last_at      TIMESTAMP     NOT NULL,
    resolved_at  TIMESTAMP
);
CREATE INDEX ix_failure_open ON sync_failure (resolved_at, module);
