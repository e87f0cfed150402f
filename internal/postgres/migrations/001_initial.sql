-- The first schema: reference nagari, registrations, and chats' languages.
-- Every name is unqualified: Migrate runs this in the schema that the
-- connection's search_path names, which is how each test gets its own schema.

-- nagari is reference data: Migrate upserts the 74 nagari of Kabupaten Solok
-- from seed/solok-nagari.csv after every migration run. Keyed by Kemendagri
-- kode_wilayah because names repeat across kecamatan.
create table nagari (
    code           text primary key check (code ~ '^[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}$'),
    name           text not null check (name <> ''),
    kecamatan_code text not null check (kecamatan_code ~ '^[0-9]{2}\.[0-9]{2}\.[0-9]{2}$'),
    kecamatan_name text not null check (kecamatan_name <> ''),
    check (left(code, 8) = kecamatan_code)
);

-- registration_number_seq numbers registrations across years; the year in
-- REG-<year>-<6 digits> is when the record was made. maxvalue keeps the
-- number at six digits: a million sign-ups is several times the kabupaten's
-- working population, so hitting it means something is wrong.
create sequence registration_number_seq maxvalue 999999 no cycle;

create table registrations (
    id     bigint generated always as identity primary key,
    -- number is what the worker and staff quote. The year is taken in WIB
    -- (UTC+7, no daylight saving), the users' own calendar.
    number text not null unique
        default ('REG-' || to_char(now() at time zone interval '+07:00', 'YYYY') || '-'
                 || to_char(nextval('registration_number_seq'), 'FM000000'))
        check (number ~ '^REG-[0-9]{4}-[0-9]{6}$'),
    -- idempotency_key is the engine's FormID. It is unique per chat, not
    -- globally: the engine derives it from the chat's own clock reading, so
    -- two chats could in principle send the same key.
    idempotency_key  text not null check (idempotency_key <> ''),
    chat_id          bigint not null,
    -- nik is text, never a number: its parts are codes (DOMAIN.md §6).
    nik              text not null unique check (nik ~ '^[0-9]{16}$'),
    name             text not null check (name <> ''),
    birth_date       date not null,
    gender           char(1) not null check (gender in ('L', 'P')),
    address          text not null check (address <> ''),
    nagari_code      text not null references nagari (code),
    occupation       text not null check (occupation <> ''),
    -- occupation_other is the typed occupation, set exactly when the picked
    -- occupation is "lainnya".
    occupation_other text not null default '',
    -- phone is E.164, +628...
    phone            text not null check (phone ~ '^\+62[0-9]{8,13}$'),
    heir_name        text not null check (heir_name <> ''),
    heir_relation    text not null check (heir_relation <> ''),
    -- consent_version and consent_at are the proof of consent UU PDP Pasal 24
    -- asks for; without consent no NIK may be stored at all.
    consent_version  text not null check (consent_version <> ''),
    consent_at       timestamptz not null,
    status           text not null default 'menunggu_verifikasi'
        check (status in ('menunggu_verifikasi', 'terverifikasi', 'ditolak')),
    -- reject_reason says why staff rejected the registration; only a rejected
    -- registration has one.
    reject_reason    text,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),

    unique (chat_id, idempotency_key),
    check (reject_reason is null or status = 'ditolak'),
    check ((occupation = 'lainnya') = (occupation_other <> ''))
);

-- The unique (chat_id, idempotency_key) index serves lookups by chat; this
-- one finds a chat's newest registration for /status without a sort.
create index registrations_chat_created_idx on registrations (chat_id, created_at desc, id desc);
-- Staff work through one nagari's registrations by status; this also serves
-- the foreign key to nagari.
create index registrations_nagari_status_idx on registrations (nagari_code, status);

-- set_updated_at keeps updated_at honest for every future writer (staff
-- verification, corrections under UU PDP Pasal 30).
create function set_updated_at() returns trigger language plpgsql as $$
begin
    new.updated_at := now();
    return new;
end
$$;

create trigger registrations_updated_at before update on registrations
    for each row execute function set_updated_at();

-- chats remembers a chat's language beyond the life of its Redis session.
create table chats (
    chat_id    bigint primary key,
    lang       text not null check (lang ~ '^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$'),
    updated_at timestamptz not null default now()
);

---- create above / drop below ----

drop table chats;
drop table registrations;
drop function set_updated_at();
drop sequence registration_number_seq;
drop table nagari;
