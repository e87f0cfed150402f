-- PLKK lists (issue #15, DOMAIN.md §13): treatment at a BPJS partner
-- facility (PLKK) is billed to BPJS, and the participant does not pay
-- first. No PLKK list for Kabupaten Solok was found, so staff keep one: a
-- regency admin the regency's, a nagari officer a short list of their
-- nagari's nearest. Each entry is a facility's name as staff typed it
-- (domain.ParsePLKKList); the accident report names the nagari's first.
-- The bounds are domain.MaxPLKKRegency and domain.MaxPLKKNagari.

alter table regency_settings
    add column plkk text[] not null default '{}' check (cardinality(plkk) <= 15);

alter table nagari
    add column plkk text[] not null default '{}' check (cardinality(plkk) <= 5);

---- create above / drop below ----

alter table nagari drop column plkk;
alter table regency_settings drop column plkk;
