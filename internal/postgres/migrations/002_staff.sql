-- Staff: nagari officers, kecamatan officers and regency admins, bound to
-- their area. One person (one Telegram chat) may hold several roles and
-- may also be a worker.

create table staff (
    id             bigint generated always as identity primary key,
    chat_id        bigint not null,
    name           text not null default '',
    role           text not null check (role in ('petugas_nagari', 'petugas_kecamatan', 'admin_kabupaten')),
    -- The area: a nagari for petugas_nagari, a kecamatan for
    -- petugas_kecamatan, nothing for admin_kabupaten (all of it).
    nagari_code    text references nagari (code),
    kecamatan_code text check (kecamatan_code ~ '^13\.02\.[0-9]{2}$'),
    active         boolean not null default true,
    created_at     timestamptz not null default now(),
    revoked_at     timestamptz,
    check ((role = 'petugas_nagari') = (nagari_code is not null)),
    check ((role = 'petugas_kecamatan') = (kecamatan_code is not null)),
    check (active or revoked_at is not null)
);

-- One active binding per person, role and area.
create unique index staff_active_binding_idx
    on staff (chat_id, role, coalesce(nagari_code, ''), coalesce(kecamatan_code, ''))
    where active;

-- Notifications look staff up by area.
create index staff_nagari_idx on staff (nagari_code) where active;
create index staff_kecamatan_idx on staff (kecamatan_code) where active;

-- Participation and funded quota per nagari (the programme funds a number
-- of workers in each participating nagari).
alter table nagari
    add column participating boolean not null default false,
    add column quota integer not null default 0 check (quota >= 0);

---- create above / drop below ----

alter table nagari drop column quota, drop column participating;
drop table staff;
