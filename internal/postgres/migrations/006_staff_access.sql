-- Staff access (issue #5): one-time invite codes, the audit trail, the
-- nagari's Telegram groups, verification and quota bookkeeping on
-- registrations, and staff_can, the one place that says which nagari a chat
-- may see. The staff table itself came with 002_staff.sql.

-- staff_invites are one-time codes an officer sends as /petugas KODE. Only
-- a SHA-256 of the code is kept: the codes are random (50 bits), so a hash
-- without salt cannot be reversed by guessing, and a leaked table binds no
-- one.
create table staff_invites (
    id             bigint generated always as identity primary key,
    code_hash      bytea not null unique check (length(code_hash) = 32),
    role           text not null check (role in ('petugas_nagari', 'petugas_kecamatan', 'admin_kabupaten')),
    nagari_code    text references nagari (code),
    kecamatan_code text check (kecamatan_code ~ '^13\.02\.[0-9]{2}$'),
    created_at     timestamptz not null default now(),
    expires_at     timestamptz not null,
    -- created_by is 'cli' or 'staff:<staff id>' of the admin who invited.
    created_by     text not null check (created_by <> ''),
    used_at        timestamptz,
    used_by        bigint,
    check ((role = 'petugas_nagari') = (nagari_code is not null)),
    check ((role = 'petugas_kecamatan') = (kecamatan_code is not null)),
    check ((used_at is null) = (used_by is null))
);

-- audit_log is append-only: who did what to which record, before and after.
-- The trigger refuses updates and deletes, so not even a bug in the bot can
-- rewrite history; only dropping the table can.
create table audit_log (
    id          bigint generated always as identity primary key,
    at          timestamptz not null default now(),
    -- actor is 'cli' or 'chat:<chat id>'; staff_id is the binding the
    -- action was taken under, when there was one.
    actor       text not null check (actor <> ''),
    staff_id    bigint references staff (id),
    action      text not null check (action ~ '^[a-z_]+(\.[a-z_]+)*$'),
    record_kind text not null,
    record_id   text not null,
    nagari_code text references nagari (code),
    before      jsonb not null default '{}',
    after       jsonb not null default '{}'
);

create index audit_log_nagari_idx on audit_log (nagari_code, at);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_log is append-only';
end
$$;

create trigger audit_log_no_change before update or delete on audit_log
    for each statement execute function audit_log_append_only();

-- nagari_groups are the Telegram groups nagari linked with /hubungkan. The
-- outbox sender also delivers a nagari's notices to its group, without
-- personal details beyond the masked NIK and the name.
create table nagari_groups (
    nagari_code text primary key references nagari (code),
    chat_id     bigint not null unique check (chat_id < 0),
    linked_by   bigint not null,
    linked_at   timestamptz not null default now()
);

-- Verification and quota. A verified registration holds a quota slot from
-- covered_at on; verified without covered_at is the waiting list, served in
-- order of submission (created_at, id).
alter table registrations
    add column decided_at timestamptz,
    add column decided_by bigint references staff (id),
    add column covered_at timestamptz,
    add check (covered_at is null or status = 'terverifikasi');

create index registrations_waiting_idx on registrations (nagari_code, created_at, id)
    where status = 'terverifikasi' and covered_at is null;

-- programme_set_at is when someone last set a nagari's participation or
-- quota by hand; the programme seed never overrides such a nagari.
alter table nagari add column programme_set_at timestamptz;

-- staff_can says whether the chat holds an active staff binding covering
-- the nagari: its own nagari, a nagari of its kecamatan, or any for a
-- regency admin. Every staff query filters through it, so a forged button
-- naming another area's record finds nothing. Kecamatan codes are the first
-- eight characters of a nagari code.
create function staff_can(p_chat bigint, p_nagari text) returns boolean
language sql stable as $$
    select exists (
        select 1 from staff s
        where s.chat_id = p_chat and s.active
          and (s.role = 'admin_kabupaten'
               or s.nagari_code = p_nagari
               or s.kecamatan_code = left(p_nagari, 8)))
$$;

---- create above / drop below ----

drop function staff_can(bigint, text);
alter table nagari drop column programme_set_at;
drop index registrations_waiting_idx;
alter table registrations
    drop column covered_at, drop column decided_by, drop column decided_at;
drop table nagari_groups;
drop table audit_log;
drop function audit_log_append_only();
drop table staff_invites;
