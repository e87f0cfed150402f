-- Witnesses of an accident (issue #15, DOMAIN.md §4): BPJS asks for a
-- written kronologi with the e-KTP of 2 witnesses, so the accident report
-- asks who saw it (none required).
--
-- witnesses_sealed holds the witnesses (domain.EncodeWitnesses: JSON of
-- at most 2 names with an optional phone), sealed under the row's key_id
-- like the report's other personal fields ("reports.witnesses"), and
-- resealed by rotate-key; NULL when none was given. no_witnesses records
-- that the reporter answered nobody saw it, rather than skipping.

alter table reports
    add column witnesses_sealed bytea,
    add column no_witnesses boolean not null default false,
    add constraint reports_no_witnesses_check check (not (no_witnesses and witnesses_sealed is not null));

---- create above / drop below ----

alter table reports
    drop constraint reports_no_witnesses_check,
    drop column no_witnesses,
    drop column witnesses_sealed;
