-- Registration with help (issue #16): most workers have no Telegram of
-- their own (DOMAIN.md §14), so an officer or a kader registers them, and a
-- worker registers a family member from the same phone.
--
-- chat_id is the chat that receives the person's notices; NULL when the
-- person has no chat of their own (registered by an officer or kader).
-- Linking the person's own chat later is an update of chat_id. Who typed
-- the registration is entered_by_chat: the same chat for one's own and a
-- family member's registration, the officer's for an assisted one.
--
-- consent_mode says how the consent (consent_version, consent_at) was
-- given: 'sendiri' on the person's own phone (or the family phone, pressed
-- by the person), 'lisan' read out by the officer and agreed aloud,
-- 'formulir' on a signed paper form. consent_witness is the staff binding
-- of the officer or kader who witnessed an assisted consent, and
-- consent_form_file the Telegram file id of a photo of the signed form,
-- when one was sent.

alter table registrations
    alter column chat_id drop not null,
    add column entered_by_chat   bigint,
    add column consent_mode      text not null default 'sendiri'
        check (consent_mode in ('sendiri', 'lisan', 'formulir')),
    add column consent_witness   bigint references staff (id),
    add column consent_form_file text check (consent_form_file <> '');

update registrations set entered_by_chat = chat_id;

alter table registrations
    alter column entered_by_chat set not null,
    -- An assisted consent has its witness; one's own has none.
    add constraint registrations_consent_witness_check
        check ((consent_mode = 'sendiri') = (consent_witness is null)),
    add constraint registrations_consent_form_check
        check (consent_form_file is null or consent_mode = 'formulir');

-- A writer that names only chat_id (an import, a seed) enters the
-- registration from that chat, as every registration before this one was.
create function registrations_entered_by() returns trigger language plpgsql as $$
begin
    new.entered_by_chat := coalesce(new.entered_by_chat, new.chat_id);
    return new;
end
$$;

create trigger registrations_entered_by before insert on registrations
    for each row execute function registrations_entered_by();

-- A form's idempotency key is the entering chat's: an assisted
-- registration has no chat_id to be unique with.
alter table registrations drop constraint registrations_chat_id_idempotency_key_key;
create unique index registrations_entered_key_idx on registrations (entered_by_chat, idempotency_key);
-- A kader's own entries, newest first (/status).
create index registrations_entered_created_idx on registrations (entered_by_chat, created_at desc, id desc);

-- kader (pendamping) is a staff role bound to one nagari, like a nagari
-- officer, that may only register workers with help: staff_can, which
-- every staff query filters through, leaves kader out.
alter table staff drop constraint staff_role_check;
alter table staff drop constraint staff_check;
alter table staff
    add constraint staff_role_check
        check (role in ('petugas_nagari', 'petugas_kecamatan', 'admin_kabupaten', 'kader')),
    add constraint staff_check check ((role in ('petugas_nagari', 'kader')) = (nagari_code is not null));

alter table staff_invites drop constraint staff_invites_role_check;
alter table staff_invites drop constraint staff_invites_check;
alter table staff_invites
    add constraint staff_invites_role_check
        check (role in ('petugas_nagari', 'petugas_kecamatan', 'admin_kabupaten', 'kader')),
    add constraint staff_invites_check check ((role in ('petugas_nagari', 'kader')) = (nagari_code is not null));

create or replace function staff_can(p_chat bigint, p_nagari text) returns boolean
language sql stable as $$
    select exists (
        select 1 from staff s
        where s.chat_id = p_chat and s.active and s.role <> 'kader'
          and (s.role = 'admin_kabupaten'
               or s.nagari_code = p_nagari
               or s.kecamatan_code = left(p_nagari, 8)))
$$;

-- assist_binding is the binding under which the chat may register a
-- worker of the nagari with help: its own petugas_nagari or kader binding
-- for exactly that nagari (a nagari officer first), or NULL.
create function assist_binding(p_chat bigint, p_nagari text) returns bigint
language sql stable as $$
    select s.id from staff s
    where s.chat_id = p_chat and s.active and s.role in ('petugas_nagari', 'kader')
      and s.nagari_code = p_nagari
    order by case s.role when 'petugas_nagari' then 0 else 1 end, s.id
    limit 1
$$;

---- create above / drop below ----

drop function assist_binding(bigint, text);
create or replace function staff_can(p_chat bigint, p_nagari text) returns boolean
language sql stable as $$
    select exists (
        select 1 from staff s
        where s.chat_id = p_chat and s.active
          and (s.role = 'admin_kabupaten'
               or s.nagari_code = p_nagari
               or s.kecamatan_code = left(p_nagari, 8)))
$$;
delete from staff_invites where role = 'kader';
alter table staff_invites drop constraint staff_invites_check, drop constraint staff_invites_role_check;
alter table staff_invites
    add constraint staff_invites_role_check check (role in ('petugas_nagari', 'petugas_kecamatan', 'admin_kabupaten')),
    add constraint staff_invites_check check ((role = 'petugas_nagari') = (nagari_code is not null));
-- Kader bindings cannot be expressed before this migration; the audit
-- log keeps who they were.
update registrations set consent_witness = null, consent_mode = 'sendiri', consent_form_file = null;
update staff set active = false, revoked_at = coalesce(revoked_at, now()) where role = 'kader';
alter table staff drop constraint staff_check, drop constraint staff_role_check;
alter table staff
    add constraint staff_role_check check (role in ('petugas_nagari', 'petugas_kecamatan', 'admin_kabupaten')) not valid,
    add constraint staff_check check ((role = 'petugas_nagari') = (nagari_code is not null)) not valid;
drop trigger registrations_entered_by on registrations;
drop function registrations_entered_by();
drop index registrations_entered_created_idx;
drop index registrations_entered_key_idx;
-- Registrations without a chat of their own cannot be kept by the older
-- schema.
delete from registrations where chat_id is null;
alter table registrations
    add constraint registrations_chat_id_idempotency_key_key unique (chat_id, idempotency_key),
    alter column chat_id set not null,
    drop constraint registrations_consent_form_check,
    drop constraint registrations_consent_witness_check,
    drop column consent_form_file, drop column consent_witness, drop column consent_mode,
    drop column entered_by_chat;
