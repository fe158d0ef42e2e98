-- The epoch each Redis idempotency guard accepted, named after its Redis key. A guard whose epoch is
-- no longer in Redis holds messages: Redis lost the markers of processed messages, even while no
-- instance ran.
CREATE TABLE ${prefix}guard_epoch (
    name        VARCHAR(255) NOT NULL PRIMARY KEY,
    epoch       VARCHAR(64)  NOT NULL,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL
);
