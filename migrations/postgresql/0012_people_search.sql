-- 0012: finding a child by name, NHS number or postcode reads an index, never
-- the whole area (register.c: PEOPLE_HITS).  Names are matched from the
-- start of the surname or the forename, in any case: lower() folds ASCII in
-- a database whose LC_CTYPE is C (as in SQLite), and the search folds the
-- same way.  NHS numbers and postcodes are stored in one form (validate.c),
-- so the search puts what is typed in that form and looks it up whole.  UPNs and NHS numbers already have their
-- unique indexes (0011), and a case reference is the person's id.
CREATE INDEX people_search_surname ON people(lower(surname), lower(forename));
CREATE INDEX people_search_forename ON people(lower(forename));
CREATE INDEX people_search_postcode ON people(postcode);
