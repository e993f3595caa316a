-- The W3C traceparent of the request that wrote the row (null outside a trace): the relay sends it as a Kafka header,
-- so one trace follows a change from the REST call that made it to every consumer.
ALTER TABLE outbox_message ADD COLUMN traceparent TEXT;
