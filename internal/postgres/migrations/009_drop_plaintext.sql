-- The plaintext personal columns go, now that Migrate has sealed every row
-- into the columns of 008. From here on a NIK, a phone number or an injury
-- exists in the database only sealed.

alter table registrations
    drop column nik,
    drop column phone,
    alter column key_id set not null,
    alter column nik_sealed set not null,
    alter column nik_index set not null,
    alter column phone_sealed set not null;

alter table reports
    drop column subject_nik,
    drop column reporter_phone,
    drop column description,
    drop column injury,
    drop column treatment,
    drop column cause,
    alter column key_id set not null;

---- create above / drop below ----

-- The plaintext cannot come back from SQL: the keys are not in the
-- database. The columns return empty, so that 008's down can run.
alter table reports
    add column subject_nik text,
    add column reporter_phone text not null default '',
    add column description text not null default '',
    add column injury text not null default '',
    add column treatment text not null default '',
    add column cause text not null default '',
    alter column key_id drop not null;
alter table registrations
    add column nik text,
    add column phone text,
    alter column key_id drop not null,
    alter column nik_sealed drop not null,
    alter column nik_index drop not null,
    alter column phone_sealed drop not null;
