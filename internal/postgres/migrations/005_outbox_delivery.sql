-- Delivery of the outbox (003): each outbox row is fanned out to its
-- recipients, one outbox_delivery row per chat. The primary key (outbox_id,
-- chat_id) is the idempotency key: a notice reaches a chat at most once per
-- delivery row, whatever the number of sender processes.

alter table outbox
    -- audience: 'nagari' is the staff of nagari_code, escalating to the
    -- kecamatan officers and then the regency admins when it has none;
    -- 'atas' is the kecamatan officers and the regency admins together (an
    -- escalation). Ignored for a direct chat_id.
    add column audience  text not null default 'nagari' check (audience in ('nagari', 'atas')),
    -- fanned_at is when the recipients were written; fan_after holds a row
    -- back after no recipient at all was found, to look again later.
    add column fanned_at timestamptz,
    add column fan_after timestamptz;

create index outbox_unfanned_idx on outbox (not_before) where fanned_at is null;

create table outbox_delivery (
    outbox_id       bigint not null references outbox (id) on delete cascade,
    chat_id         bigint not null,
    -- level is why this chat gets it: direct, nagari staff, the nagari's
    -- group, or an escalation to kecamatan or kabupaten.
    level           text not null check (level in ('direct', 'nagari', 'group', 'kecamatan', 'kabupaten')),
    -- pending → sending (claimed by one sender) → sent; or failed (gave up),
    -- or blocked (403: the chat blocked the bot).
    state           text not null default 'pending'
        check (state in ('pending', 'sending', 'sent', 'failed', 'blocked')),
    -- parts_sent counts the API calls done (the text, then the photos), so a
    -- retry after the text went out sends only the photos.
    parts_sent      integer not null default 0,
    attempts        integer not null default 0,
    next_attempt_at timestamptz not null,
    claimed_at      timestamptz,
    sent_at         timestamptz,
    last_error      text,
    created_at      timestamptz not null default now(),
    primary key (outbox_id, chat_id),
    check ((state = 'sending') = (claimed_at is not null)),
    check ((state = 'sent') = (sent_at is not null))
);

create index outbox_delivery_pending_idx on outbox_delivery (chat_id, next_attempt_at) where state = 'pending';
create index outbox_delivery_sending_idx on outbox_delivery (chat_id) where state = 'sending';
create index outbox_delivery_sent_idx on outbox_delivery (chat_id, sent_at) where state = 'sent';

---- create above / drop below ----

drop table outbox_delivery;
alter table outbox drop column fan_after, drop column fanned_at, drop column audience;
