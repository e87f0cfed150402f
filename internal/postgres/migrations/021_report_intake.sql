-- Reports without a NIK (issue #15): a neighbour or family member who does
-- not know the person's NIK describes them instead, and the nagari officer
-- links the report to the registration later.
--
-- subject_name_sealed and subject_age_sealed are the person's name and
-- approximate age as the reporter gave them (domain.ApproxAge: a typed
-- number of years or a range code), sealed under the row's key_id like the
-- report's other personal fields; NULL when none was given. subject_nik_sealed
-- is already NULL for such a report.
--
-- linked_at and linked_by say when and by which staff binding a report
-- made without a registered person was linked to one (registration_id set
-- then). not_member_at and not_member_by record an officer's finding that
-- the person is not a member; linking later clears them, so a report is
-- never both.

alter table reports
    add column subject_name_sealed bytea,
    add column subject_age_sealed  bytea,
    add column linked_at     timestamptz,
    add column linked_by     bigint references staff (id),
    add column not_member_at timestamptz,
    add column not_member_by bigint references staff (id),
    add constraint reports_not_member_check check (not_member_at is null or registration_id is null);

---- create above / drop below ----

alter table reports
    drop constraint reports_not_member_check,
    drop column not_member_by, drop column not_member_at,
    drop column linked_by, drop column linked_at,
    drop column subject_age_sealed, drop column subject_name_sealed;
