-- The document checklist of a report (domain.DocumentsFor): one row per
-- item that has been sent or ticked; an item without a row is missing.
-- files are Telegram file_ids, opaque references like reports.photos, and
-- no file's name is kept (a scan's name often carries the person's). by_chat
-- is the chat that last changed the item, staff_id the officer when it was
-- one.
create table report_documents (
    report_id  bigint not null references reports (id) on delete cascade,
    item       text not null check (item ~ '^[a-z_]{2,30}$'),
    state      text not null check (state in ('missing', 'received', 'ticked')),
    files      text[] not null default '{}',
    by_chat    bigint not null,
    staff_id   bigint references staff (id),
    updated_at timestamptz not null,
    primary key (report_id, item)
);

-- The reporter's reminders of missing documents: how many were sent and
-- when the last one was (or when the checklist was last found complete),
-- so each fires once across restarts and several senders.
alter table reports
    add column doc_reminders   int not null default 0,
    add column doc_reminded_at timestamptz;
