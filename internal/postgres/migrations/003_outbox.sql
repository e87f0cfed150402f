-- The outbox: every notice that must reach someone in Telegram is written
-- here in the same transaction as the record it is about, so a record is
-- never stored without its notice, nor a notice sent for a record that was
-- rolled back. A sender delivers the rows (see the delivery tables added
-- with it).

create table outbox (
    id          bigint generated always as identity primary key,
    created_at  timestamptz not null default now(),
    -- What happened, e.g. 'registration.submitted', 'report.submitted',
    -- 'status.changed'. For logs, metrics and the sender's routing.
    kind        text not null check (kind ~ '^[a-z_]+(\.[a-z_]+)*$'),
    -- Who receives it: the staff of a nagari (escalating to its kecamatan
    -- and the regency when it has none), or one chat directly (a worker).
    nagari_code text references nagari (code),
    chat_id     bigint,
    -- What is shown: a message ID from locales, its template data, inline
    -- buttons ([[{"msg": ID, "value": "step|value"}]]) and photos (file_ids).
    msg         text not null,
    data        jsonb not null default '{}',
    buttons     jsonb not null default '[]',
    photos      text[] not null default '{}',
    -- Not before this time (reminders are written ahead).
    not_before  timestamptz not null default now(),
    check ((nagari_code is null) <> (chat_id is null))
);

create index outbox_not_before_idx on outbox (not_before);

---- create above / drop below ----

drop table outbox;
