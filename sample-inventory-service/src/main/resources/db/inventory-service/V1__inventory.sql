-- The inventory service's own tables; the outbox's rm_ tables are migrated by the starter itself.
CREATE TABLE stock_item (
    sku       VARCHAR(64) NOT NULL PRIMARY KEY,
    available INTEGER     NOT NULL CHECK (available >= 0),
    reserved  INTEGER     NOT NULL CHECK (reserved >= 0),
    version   BIGINT      NOT NULL
);

-- One row per order this service decided, so that a cancel releases exactly what the order holds.
CREATE TABLE reservation (
    order_id UUID         NOT NULL PRIMARY KEY,
    sku      VARCHAR(64)  NOT NULL,
    quantity INTEGER      NOT NULL,
    state    VARCHAR(16)  NOT NULL,
    reason   VARCHAR(255),
    version  BIGINT       NOT NULL
);
