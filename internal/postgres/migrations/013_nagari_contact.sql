-- office_contact is how a worker reaches the nagari office (wali nagari):
-- its phone and address as the nagari wants them shown, set with
-- `jaganagari nagari set CODE --contact "..."`. The help shows it for the
-- worker's nagari. Empty until a nagari gives one.

alter table nagari
    add column office_contact text not null default '' check (char_length(office_contact) <= 300);

---- create above / drop below ----

alter table nagari drop column office_contact;
