-- The order service's own table; the outbox's rm_ tables are migrated by the starter itself.
CREATE TABLE purchase_order (
    id          UUID         NOT NULL PRIMARY KEY,
    customer_id VARCHAR(64)  NOT NULL,
    sku         VARCHAR(64)  NOT NULL,
    quantity    INTEGER      NOT NULL CHECK (quantity > 0),
    status      VARCHAR(16)  NOT NULL,
    reason      VARCHAR(255),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    version     BIGINT       NOT NULL
);

CREATE INDEX purchase_order_status ON purchase_order (status, sku);
