-- sendmis: refuse-why two or more people share a UPN, ULN or NHS number, and a child has one record. Open each pair (sendmis ids below) with the version of sendmis you are upgrading from, which still runs on this database, and correct or clear the identifier on the wrong record (or, for one child entered twice, move what the second holds onto the first); then run sendmis migrate again
-- sendmis: refuse-if SELECT 'UPN shared by people ' || string_agg(id::text, ', ' ORDER BY id) FROM people WHERE upn IS NOT NULL GROUP BY upn HAVING count(*) > 1 ORDER BY upn
-- sendmis: refuse-if SELECT 'ULN shared by people ' || string_agg(id::text, ', ' ORDER BY id) FROM people WHERE uln IS NOT NULL GROUP BY uln HAVING count(*) > 1 ORDER BY uln
-- sendmis: refuse-if SELECT 'NHS number shared by people ' || string_agg(id::text, ', ' ORDER BY id) FROM people WHERE nhs_number IS NOT NULL GROUP BY nhs_number HAVING count(*) > 1 ORDER BY nhs_number
-- 0011: a child or young person is one record.  The same UPN, ULN or NHS
-- number on two people is refused by the forms and the SEN2 import (which
-- name the other record); these indexes make the store refuse it too.  The
-- runner checks the lines above first, so an area whose records already
-- share an identifier is told which ones, and nothing is changed.
-- The identifiers are stored as their validators keep them (core/validate.c:
-- upper case, no spaces; NHS numbers as "NNN NNN NNNN"), so equal numbers
-- are equal text.
DROP INDEX people_upn;
DROP INDEX people_uln;
CREATE UNIQUE INDEX people_upn ON people(upn);
CREATE UNIQUE INDEX people_uln ON people(uln);
CREATE UNIQUE INDEX people_nhs_number ON people(nhs_number);
-- the check for the same child entered twice (forms: "Is this the same child as …?"):
-- by date of birth, then the names in either case
CREATE INDEX people_dob_name ON people(dob, surname, forename);
