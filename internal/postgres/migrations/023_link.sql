-- The worker takes over their record (issue #16): a person registered with
-- help (chat_id NULL) links their own chat to it, by a one-time code an
-- officer or kader reads out to them, or by sharing their own Telegram
-- contact, whose number matches the record's phone.
--
-- phone_index is the blind index of the normalised phone (HMAC-SHA256
-- under BLIND_INDEX_KEY, like nik_index), so a record is found by its
-- phone without opening every phone_sealed. It is written with the row's
-- sealed columns on insert and correction; Migrate fills it in Go for rows
-- written before (the key never reaches Postgres). Not unique: a household
-- shares a phone.

alter table registrations
    add column phone_index bytea check (length(phone_index) = 32);
create index registrations_phone_index_idx on registrations (phone_index);

-- link_codes holds the one live code of a record, only as its blind index:
-- a new code replaces the old, a used one keeps who used it until replaced
-- or the record goes.
create table link_codes (
    registration_id bigint primary key references registrations (id) on delete cascade,
    code_hash       bytea not null unique check (length(code_hash) = 32),
    created_by_chat bigint not null,
    created_at      timestamptz not null,
    expires_at      timestamptz not null,
    used_at         timestamptz,
    used_by         bigint,
    check ((used_at is null) = (used_by is null))
);

-- link_failures are a chat's wrong codes, kept for an hour: the rate limit
-- on guessing.
create table link_failures (
    chat_id bigint not null,
    at      timestamptz not null
);
create index link_failures_chat_at_idx on link_failures (chat_id, at);

---- create above / drop below ----

drop table link_failures;
drop table link_codes;
drop index registrations_phone_index_idx;
alter table registrations drop column phone_index;
