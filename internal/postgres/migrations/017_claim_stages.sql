-- Claims, from the nagari's filing to BPJS's payment. What a report's
-- stages record: the claim number BPJS gave (diajukan), then whether BPJS
-- paid, how much and when, or refused and why (selesai). Tahap II: the day
-- the doctor declared the worker sembuh, cacat or meninggal, from which the
-- second accident report is due within 2 × 24 hours, with its own reminder
-- marks like tahap I's (reminded_at, escalated_at).

alter table reports
    add column claim_number        text check (length(claim_number) between 1 and 40),
    add column claim_outcome       text check (claim_outcome in ('dibayar', 'ditolak_bpjs')),
    add column paid_amount         bigint check (paid_amount > 0),
    add column paid_on             date,
    add column refusal_reason      text,
    add column tahap2_outcome      text check (tahap2_outcome in ('sembuh', 'cacat', 'meninggal')),
    add column tahap2_on           date,
    -- tahap2_from is when the deadline counts from: the start of tahap2_on
    -- in WIB, since only the day is known.
    add column tahap2_from         timestamptz,
    add column tahap2_recorded_at  timestamptz,
    add column tahap2_reminded_at  timestamptz,
    add column tahap2_escalated_at timestamptz,
    add constraint reports_paid_check
        check ((claim_outcome = 'dibayar') = (paid_amount is not null and paid_on is not null)),
    add constraint reports_tahap2_check
        check ((tahap2_outcome is null) = (tahap2_on is null) and (tahap2_on is null) = (tahap2_from is null));

-- report_moves: every stage move, who made it and when, with the fields the
-- report had before (restored when the move is undone within the undo
-- window) and the outbox rows of the reporter's notice, held back until
-- the window ends and dropped by an undo.
create table report_moves (
    id         bigint generated always as identity primary key,
    report_id  bigint not null references reports (id) on delete cascade,
    staff_id   bigint references staff (id),
    chat_id    bigint not null,
    from_stage text not null,
    to_stage   text not null,
    moved_at   timestamptz not null,
    before     jsonb not null,
    outbox_ids bigint[] not null default '{}',
    undone_at  timestamptz
);

create index report_moves_report_idx on report_moves (report_id, id desc);

-- report_notes: staff's notes on a report, at any stage. The text may hold
-- health details, so it is sealed like the report's own (key_id names the
-- key).
create table report_notes (
    id          bigint generated always as identity primary key,
    report_id   bigint not null references reports (id) on delete cascade,
    staff_id    bigint references staff (id),
    chat_id     bigint not null,
    created_at  timestamptz not null default now(),
    key_id      text not null,
    text_sealed bytea not null
);

create index report_notes_report_idx on report_notes (report_id, id);

---- create above / drop below ----

drop table report_notes;
drop table report_moves;
alter table reports
    drop constraint reports_tahap2_check,
    drop constraint reports_paid_check,
    drop column tahap2_escalated_at, drop column tahap2_reminded_at, drop column tahap2_recorded_at,
    drop column tahap2_from, drop column tahap2_on, drop column tahap2_outcome,
    drop column refusal_reason, drop column paid_on, drop column paid_amount,
    drop column claim_outcome, drop column claim_number;
