-- happened_by is the earliest the reported accident or death can have
-- happened (domain.Report.HappenedBy): the 2 × 24 hour duty to report an
-- accident to BPJS counts from the accident, not from when the bot heard
-- of it, so the reminders do too. Reports from before it count from
-- created_at, as they did.

alter table reports add column happened_by timestamptz;

---- create above / drop below ----

alter table reports drop column happened_by;
