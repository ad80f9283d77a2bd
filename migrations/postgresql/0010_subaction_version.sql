-- 0010: a sub-action's date can be revised, and its completion recorded, in
-- the web app (not only by importing the plan again): each sub-action gets a
-- version, so an edit made from a page that is out of date is refused
-- rather than overwriting the one saved since.
ALTER TABLE ip_subactions ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
