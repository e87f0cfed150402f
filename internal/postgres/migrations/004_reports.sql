-- Accident (JKK) and death (JKM) reports, and what the notification sender
-- needs of the staff and nagari tables.

-- One sequence per programme, so JKK-2026-000123 and JKM-2026-000045 count
-- separately; six digits, as for registrations.
create sequence report_jkk_number_seq maxvalue 999999 no cycle;
create sequence report_jkm_number_seq maxvalue 999999 no cycle;

create table reports (
    id              bigint generated always as identity primary key,
    -- number is what reporters and staff quote: JKK-<year>-<6 digits> or
    -- JKM-..., the year in WIB. A death from a work accident is a JKK case.
    number          text not null unique check (number ~ '^JK[KM]-[0-9]{4}-[0-9]{6}$'),
    kind            text not null check (kind in ('jkk', 'jkm')),
    death           boolean not null default false,
    -- idempotency_key is the engine's FormID, unique per chat.
    idempotency_key text not null check (idempotency_key <> ''),
    -- chat_id is the reporter's chat: the worker, or whoever reported for them.
    chat_id         bigint not null,
    -- registration_id is the covered worker; null when the person is not
    -- registered and the report was left for the nagari to help. A worker
    -- who erases their registration (/hapus) leaves the report in place,
    -- unlinked: it may be another person's report and a claim in progress.
    registration_id bigint references registrations (id) on delete set null,
    subject_nik     text check (subject_nik ~ '^[0-9]{16}$'),
    nagari_code     text not null references nagari (code),
    for_self        boolean not null,
    event_date      date not null,
    -- event_time is "HH:MM", a part of the day (pagi, siang, ...), or ''.
    event_time      text not null default '',
    place           text not null check (place <> ''),
    latitude        double precision check (latitude between -90 and 90),
    longitude       double precision check (longitude between -180 and 180),
    description     text not null default '',
    traffic         boolean not null default false,
    -- injury is health data, "data spesifik" under UU PDP Pasal 4: it is
    -- shown to staff who open the report, never put in notices or logs.
    injury          text not null default '',
    treatment       text not null default '',
    cause           text not null default '',
    reporter_name     text not null default '',
    reporter_relation text not null default '',
    reporter_phone    text not null default '',
    -- photos are Telegram file_ids, in the order sent.
    photos          text[] not null default '{}' check (cardinality(photos) <= 10),
    -- stage is moved on by staff (the staff branch's /laporan); acted_at is
    -- when a staff member first did so. A JKK report still 'baru' with no
    -- acted_at 24 hours after it was made gets a reminder (reminded_at), and
    -- at 44 hours is escalated to the kecamatan and regency (escalated_at).
    stage           text not null default 'baru'
        check (stage in ('baru', 'ditindaklanjuti', 'diajukan', 'selesai', 'ditolak')),
    acted_at        timestamptz,
    reminded_at     timestamptz,
    escalated_at    timestamptz,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),

    unique (chat_id, idempotency_key),
    check ((latitude is null) = (longitude is null)),
    check (kind = 'jkk' or death)
);

create index reports_nagari_stage_idx on reports (nagari_code, stage);
create index reports_registration_idx on reports (registration_id);
-- The reminder scheduler looks for JKK reports nobody has acted on.
create index reports_unacted_idx on reports (created_at) where stage = 'baru' and acted_at is null and kind = 'jkk';

create trigger reports_updated_at before update on reports
    for each row execute function set_updated_at();

-- A nagari's Telegram group, when one is linked, gets a copy of its staff
-- notices (without photos or buttons: a group may hold people who are not
-- staff, and the bot ignores presses in groups).
alter table nagari add column telegram_group_id bigint check (telegram_group_id < 0);

-- blocked_at is set when Telegram answers 403 for the staff member's chat
-- (they blocked the bot): notices skip them and go to the next level until
-- it is cleared, which the staff branch does when the chat writes again.
alter table staff add column blocked_at timestamptz;

---- create above / drop below ----

alter table staff drop column blocked_at;
alter table nagari drop column telegram_group_id;
drop table reports;
drop sequence report_jkm_number_seq;
drop sequence report_jkk_number_seq;
