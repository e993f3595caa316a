-- Deliveries are claimed with a lease (short transaction), sent outside any transaction, and the result recorded in
-- another: a crashed worker's claims become due again when their lease runs out. claimed_by fences the result write.
ALTER TABLE delivery ADD COLUMN lease_until TIMESTAMPTZ;
ALTER TABLE delivery ADD COLUMN claimed_by TEXT;
-- CANCELLED: the subscription (or the recipient on it) is gone; never sent.
ALTER TABLE delivery DROP CONSTRAINT delivery_status_check;
ALTER TABLE delivery ADD CONSTRAINT delivery_status_check
    CHECK (status IN ('PENDING', 'DIGEST', 'SENT', 'FAILED', 'DEAD', 'CANCELLED'));
