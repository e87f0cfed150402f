-- Former members submitted again (README "Iuran, the budget year and
-- ending a membership"): a membership that ended because the nagari did
-- not renew its budget year or pay the iuran can be submitted to BPJS again
-- once the nagari renews or pays. The registration's membership columns
-- then describe the new submission; membership_periods keeps the cover
-- periods before it, so the iuran a month owed (members covered that
-- month) stays what it was. No card number is kept: an old KPJ is not
-- current, and the audit log has the rest.

create table membership_periods (
    registration_id bigint not null references registrations (id) on delete cascade,
    -- cover_start to cover_end (null: open) are the calendar days BPJS
    -- confirmed; ended_on is the first day no longer covered.
    cover_start     date not null,
    cover_end       date,
    ended_on        date not null,
    end_reason      text not null
        check (end_reason in ('iuran_tidak_dibayar', 'tahun_anggaran_berakhir')),
    batch_id        bigint references bpjs_batches (id),
    recorded_at     timestamptz not null default now(),
    check (cover_end is null or cover_end >= cover_start)
);

create index membership_periods_registration_idx on membership_periods (registration_id);

---- create above / drop below ----

drop table membership_periods;
