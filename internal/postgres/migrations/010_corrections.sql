-- Corrections by the worker (UU PDP Pasal 30: the right to have one's data
-- corrected). correction_key is the FormID of the last correction form
-- applied, so a repeated "Kirim" of the same form changes and notifies
-- nothing twice.

alter table registrations add column correction_key text check (correction_key <> '');

---- create above / drop below ----

alter table registrations drop column correction_key;
