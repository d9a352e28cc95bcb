-- Issue 16, search speed (decision 0039): the count, the facets and the newest hits' ids of a broad library search,
-- kept per search and data version, so the same broad search is not counted again until the data changes. `key` is a
-- hash of the search's WHERE clause and its values (the text, the filters, the actor's scope and today's date);
-- `data_version` the number (migration 026) the counts were made at. A row of an older version is never read: the
-- version is part of every lookup, and rows of other versions are deleted as new ones are written. Not tracked by the
-- data version itself (src/db/data-version.ts): writing it changes nothing a page shows.
create table library_search_cache (
  key text primary key,
  data_version bigint not null,
  facets jsonb not null,
  newest bigint[] not null,
  at timestamptz not null default now()
);
