-- event_cover is the reported person's cover on the day of the accident or
-- death (event_date), as the bot found it when the report was made:
-- "registered" is not "covered", since cover is a period (JKM is paid only
-- for a death within an active membership). Kept on the report, not read
-- from the registration later, so staff see what held on the day even
-- after the membership changed or the registration was erased. The values
-- are domain.ReportCovers; null for reports made before this was kept.

alter table reports
    add column event_cover text
        check (event_cover in ('aktif', 'diajukan', 'belum_diajukan', 'ditolak_bpjs', 'di_luar_masa', 'tidak_terdaftar'));

---- create above / drop below ----

alter table reports drop column event_cover;
