-- The mother's maiden name (nama ibu kandung), which BPJS Ketenagakerjaan
-- asks for its membership data (issue #13). It proves who a member is, as
-- it does at a bank, so it is sealed like the NIK and phone: by the bot,
-- with the row's key_id, authenticated with "registrations.mother_name"
-- (internal/postgres/registrations_table.go), and resealed by rotate-key.
--
-- Nullable: the registrations from before the question, and those
-- imported, have none; a sealed empty value is NULL too.

alter table registrations add column mother_name_sealed bytea;

---- create above / drop below ----

alter table registrations drop column mother_name_sealed;
