-- Placeholder: migration 016 belongs to another branch; this file only keeps
-- tern's numbering whole until that branch lands, and is then deleted.

select 1;

---- create above / drop below ----

select 1;
