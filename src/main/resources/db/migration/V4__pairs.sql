-- The priority aggregator's repository (camel-sql JdbcAggregationRepository): the CRM and Dinero versions of a
-- record waiting for each other during a both-ways run, kept in the database so a crash loses nothing.
CREATE TABLE sync_pairs (
    id        VARCHAR(255) NOT NULL PRIMARY KEY,
    exchange  BLOB         NOT NULL,
    version   BIGINT       NOT NULL
);
CREATE TABLE sync_pairs_completed (
    id        VARCHAR(255) NOT NULL PRIMARY KEY,
    exchange  BLOB         NOT NULL,
    version   BIGINT       NOT NULL
);
