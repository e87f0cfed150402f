-- Iuran and the budget year (issue #14, DOMAIN.md §2, §12): the nagari pays
-- its active members' iuran month by month, due by the 15th; after more
-- than three consecutive unpaid months BPJS ends their membership. Quotas
-- belong to a budget year (the calendar year of the APB Nagari).

-- regency_settings is one row: the regency's default iuran per worker and
-- month, the BPU minimum JKK Rp10.000 + JKM Rp6.800 (DOMAIN.md §2).
create table regency_settings (
    id               boolean primary key default true check (id),
    iuran_per_worker integer not null default 16800 check (iuran_per_worker > 0)
);
insert into regency_settings default values;

alter table nagari
    -- iuran_per_worker overrides the regency's default; null keeps it.
    add column iuran_per_worker integer check (iuran_per_worker > 0),
    -- budget_year is the year the nagari's quota is for; null when never
    -- recorded (then no year-end ending happens).
    add column budget_year integer check (budget_year between 2025 and 2100),
    -- renewed_year is the next budget year once the quota is renewed for
    -- it, with renewed_quota the quota then (null keeps the quota).
    add column renewed_year integer,
    add column renewed_quota integer check (renewed_quota >= 0),
    add constraint nagari_renewed_next check (renewed_year is null or renewed_year = budget_year + 1),
    -- renewal_reminded is the budget year whose renewal reminder was sent.
    add column renewal_reminded integer;

-- iuran_payments are the months a nagari paid, recorded by an admin. A
-- month is the first day of the month.
create table iuran_payments (
    nagari_code text not null references nagari (code),
    month       date not null check (extract(day from month) = 1),
    amount      bigint not null check (amount >= 0),
    -- members and due are what the month owed when it was recorded.
    members     integer not null check (members >= 0),
    due         bigint not null check (due >= 0),
    recorded_by text not null check (recorded_by <> ''),
    recorded_at timestamptz not null default now(),
    primary key (nagari_code, month)
);

-- iuran_warnings are the unpaid-iuran warnings sent: one per nagari, latest
-- unpaid month and level (1 or 2 months unpaid), so none repeats.
create table iuran_warnings (
    nagari_code text not null references nagari (code),
    month       date not null,
    level       smallint not null check (level in (1, 2)),
    sent_at     timestamptz not null,
    primary key (nagari_code, month, level)
);

---- create above / drop below ----

drop table iuran_warnings;
drop table iuran_payments;
alter table nagari
    drop constraint nagari_renewed_next,
    drop column renewal_reminded, drop column renewed_quota, drop column renewed_year,
    drop column budget_year, drop column iuran_per_worker;
drop table regency_settings;
