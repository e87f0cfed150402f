-- Reserved for the reports branch (issue #4), which numbers its migrations
-- 004-009. tern needs an unbroken sequence, so the staff branch (010 on)
-- holds these places with no-ops. DELETE THIS FILE when merging the reports
-- branch's migration of the same number; a leftover shows up at once as
-- tern's "Duplicate migration" error.
select 1;

---- create above / drop below ----

select 1;
