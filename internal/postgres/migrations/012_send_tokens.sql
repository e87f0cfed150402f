-- send_tokens pace Bot API calls across every sender process on this
-- database: Telegram allows a bot about 30 messages a second in all, and
-- each process pacing itself to 30 would send 60 with two. A call takes a
-- free token (free_at passed) and gives it back stamped a second after the
-- call ended, so no 31 calls fit in any second however many processes
-- send. A token taken by a process that dies frees itself when its lease
-- (free_at set on taking) runs out.

create table send_tokens (
    slot    smallint primary key check (slot between 0 and 29),
    free_at timestamptz not null default '-infinity'
);

insert into send_tokens (slot) select generate_series(0, 29);

---- create above / drop below ----

drop table send_tokens;
