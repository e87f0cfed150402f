-- Reconciles what the report and staff work built side by side:
-- a nagari's Telegram group is kept in one place, nagari_groups (written by
-- /hubungkan), and a rejected report keeps its reason like a rejected
-- registration does.

alter table nagari drop column telegram_group_id;
alter table reports add column reject_reason text check (reject_reason <> '');

---- create above / drop below ----

alter table reports drop column reject_reason;
alter table nagari add column telegram_group_id bigint check (telegram_group_id < 0);
