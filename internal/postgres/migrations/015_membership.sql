-- Membership after verification (issue #14, DOMAIN.md §12): the nagari
-- submits its verified, funded workers to BPJS Ketenagakerjaan in numbered
-- batches, as one wadah, and BPJS answers per worker: aktif with a card
-- number (KPJ) and a cover period, or refused with a reason. An active
-- membership later ends for a reason.
--
-- The membership lives on the registration row, the person's one record:
-- its columns are listed with the others in registrations_table.go, and the
-- KPJ is sealed with the row's key like the NIK (so rotate-key reseals it).

-- bpjs_batch_number_seq numbers batches across years, like registrations:
-- AJU-<year>-<5 digits>, the year in WIB.
create sequence bpjs_batch_number_seq maxvalue 99999 no cycle;

create table bpjs_batches (
    id          bigint generated always as identity primary key,
    number      text not null unique
        default ('AJU-' || to_char(now() at time zone interval '+07:00', 'YYYY') || '-'
                 || to_char(nextval('bpjs_batch_number_seq'), 'FM00000'))
        check (number ~ '^AJU-[0-9]{4}-[0-9]{5}$'),
    nagari_code text not null references nagari (code),
    -- created_by is an audit_log actor: 'cli' or 'chat:<chat id>'.
    created_by  text not null check (created_by <> ''),
    created_at  timestamptz not null default now()
);

create index bpjs_batches_nagari_idx on bpjs_batches (nagari_code, created_at);

-- bpjs_batch_rows are the workers of a batch in the order of its file, so a
-- batch is exported again row for row. A worker BPJS refused and staff
-- resubmitted is in two batches. Erasing a registration takes it out of its
-- batches too.
create table bpjs_batch_rows (
    batch_id        bigint not null references bpjs_batches (id),
    registration_id bigint not null references registrations (id) on delete cascade,
    position        int not null check (position > 0),
    primary key (batch_id, registration_id),
    unique (batch_id, position)
);

create index bpjs_batch_rows_registration_idx on bpjs_batch_rows (registration_id);

alter table registrations
    -- membership_state is null until the worker is first submitted.
    add column membership_state text
        check (membership_state in ('diajukan', 'aktif', 'ditolak_bpjs', 'berakhir')),
    -- batch_id is the batch the worker was last submitted in; null for a
    -- worker never submitted, or one imported as already aktif.
    add column batch_id       bigint references bpjs_batches (id),
    add column kpj_sealed     bytea,
    -- cover_start and cover_end are calendar days; cover_end is the last
    -- covered day, null when BPJS gave none.
    add column cover_start    date,
    add column cover_end      date,
    add column refused_reason text,
    add column end_reason     text
        check (end_reason in ('meninggal', 'pindah', 'mengundurkan_diri', 'usia',
                              'iuran_tidak_dibayar', 'tahun_anggaran_berakhir')),
    -- ended_on is the first day no longer covered.
    add column ended_on       date,
    add constraint registrations_membership_verified
        check (membership_state is null or status = 'terverifikasi'),
    -- "is not distinct from" and "is not null" keep each side true or
    -- false: a NULL would let the check pass.
    add constraint registrations_membership_cover
        check (coalesce(membership_state in ('aktif', 'berakhir'), false) = (kpj_sealed is not null)
               and coalesce(membership_state in ('aktif', 'berakhir'), false) = (cover_start is not null)),
    add constraint registrations_membership_period
        check (cover_end is null or cover_end >= cover_start),
    add constraint registrations_membership_refused
        check ((membership_state is not distinct from 'ditolak_bpjs') = (refused_reason is not null)),
    add constraint registrations_membership_ended
        check ((membership_state is not distinct from 'berakhir') = (end_reason is not null)
               and (membership_state is not distinct from 'berakhir') = (ended_on is not null));

-- Staff and the recaps count a nagari's members by state.
create index registrations_nagari_membership_idx on registrations (nagari_code, membership_state);

---- create above / drop below ----

drop index registrations_nagari_membership_idx;
alter table registrations
    drop constraint registrations_membership_ended,
    drop constraint registrations_membership_refused,
    drop constraint registrations_membership_period,
    drop constraint registrations_membership_cover,
    drop constraint registrations_membership_verified,
    drop column ended_on, drop column end_reason, drop column refused_reason,
    drop column cover_end, drop column cover_start, drop column kpj_sealed,
    drop column batch_id, drop column membership_state;
drop table bpjs_batch_rows;
drop table bpjs_batches;
drop sequence bpjs_batch_number_seq;
