-- Bulk import of existing members (issue #16): the ~2,500 workers
-- protected at the programme's launch are in the nagari's spreadsheets
-- only (DOMAIN.md §12). `jaganagari import registrations` and a regency
-- admin's document in the bot bring them in.
--
-- consent_mode 'impor': the worker consented earlier, on the nagari's
-- paper form when joining the programme; the importer records that
-- (consent_version 'formulir-nagari', consent_at the import). Like one's
-- own consent it has no witness binding, and no photo of a form.
--
-- An imported row has no chat (chat_id NULL). entered_by_chat is the
-- admin's chat when imported in the bot, and 0, never a Telegram chat, when
-- imported with the CLI. Imported rows are verified (they were members on
-- paper) and hold a place of the nagari's quota (covered_at); rows with a
-- KPJ arrive aktif with batch_id NULL, which 015 already allows.

alter table registrations drop constraint registrations_consent_mode_check;
alter table registrations drop constraint registrations_consent_witness_check;
alter table registrations
    add constraint registrations_consent_mode_check
        check (consent_mode in ('sendiri', 'lisan', 'formulir', 'impor')),
    add constraint registrations_consent_witness_check
        check ((consent_mode in ('sendiri', 'impor')) = (consent_witness is null));

---- create above / drop below ----

-- Imported records keep their data; their consent reads as the person's
-- own, the nearest the older schema can say.
update registrations set consent_mode = 'sendiri' where consent_mode = 'impor';
alter table registrations drop constraint registrations_consent_witness_check;
alter table registrations drop constraint registrations_consent_mode_check;
alter table registrations
    add constraint registrations_consent_mode_check
        check (consent_mode in ('sendiri', 'lisan', 'formulir')),
    add constraint registrations_consent_witness_check
        check ((consent_mode = 'sendiri') = (consent_witness is null));
