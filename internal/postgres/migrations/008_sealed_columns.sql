-- Personal values sealed at rest (issue #7; UU PDP Pasal 4 and 35). The
-- NIK and phone of a registration, and the reported person's NIK, the
-- reporter's phone and the account of what happened to them in a report,
-- are sealed by the bot with AES-256-GCM (internal/seal) before they reach
-- Postgres, which never holds the keys.
--
-- key_id names the key a row's sealed columns were sealed with. The
-- columns of one row are always sealed together (insert, resubmission,
-- rotation), so one ID per row is enough, and `jaganagari rotate-key`
-- finds the rows of an old key by it. nik_index is the NIK's blind index
-- (HMAC-SHA256 under BLIND_INDEX_KEY): equal NIKs give equal indexes, so the
-- unique index on it is the duplicate-NIK rule without the NIK.
--
-- Migrate seals the rows written before this migration right after it, and
-- only then applies 009, which drops the plaintext columns.

alter table registrations
    add column key_id       text check (key_id ~ '^[a-z0-9][a-z0-9_-]{0,15}$'),
    add column nik_sealed   bytea,
    add column nik_index    bytea check (length(nik_index) = 32),
    add column phone_sealed bytea;

create unique index registrations_nik_index_idx on registrations (nik_index);

-- index_check holds the blind index of a fixed text under the index key the
-- database was first indexed with. Migrate compares it on every start: a
-- changed BLIND_INDEX_KEY would make every NIK unfindable and let
-- duplicates in, so the bot refuses to start instead.
create table seal_check (
    one         boolean primary key default true check (one),
    index_check bytea not null check (length(index_check) = 32)
);

-- An empty optional value is sealed as NULL, so these stay nullable.
alter table reports
    add column key_id                text check (key_id ~ '^[a-z0-9][a-z0-9_-]{0,15}$'),
    add column subject_nik_sealed    bytea,
    add column reporter_phone_sealed bytea,
    add column description_sealed    bytea,
    add column injury_sealed         bytea,
    add column treatment_sealed      bytea,
    add column cause_sealed          bytea;

---- create above / drop below ----

alter table reports
    drop column cause_sealed, drop column treatment_sealed, drop column injury_sealed,
    drop column description_sealed, drop column reporter_phone_sealed, drop column subject_nik_sealed,
    drop column key_id;
drop table seal_check;
drop index registrations_nik_index_idx;
alter table registrations
    drop column phone_sealed, drop column nik_index, drop column nik_sealed, drop column key_id;
