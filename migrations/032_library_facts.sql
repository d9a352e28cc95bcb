-- Issue 16, search speed (decision 0035): a compact copy of each library entry for searching, `library_facts`: the
-- entry's id, the facts the access model's scope and the facets read, its date, and its tsvector, without the title,
-- body and link (the wide columns that made a search read one 8 kB page for every hit or two). A search finds its hits,
-- counts its facets and ranks through this table, and reads library_entries only for the page's 20 rows.
-- Kept by a trigger on library_entries in the transaction that writes the entry, as it commits (the entries are
-- themselves written by the source tables' triggers and refreshed by migration 018's); deleted with the entry.

create table library_facts (
  id bigint primary key references library_entries(id) on delete cascade,
  challenge_id integer not null,
  source text not null,
  version integer,
  later_version boolean not null,
  kind text,
  public_from date,
  entry_date date,
  year integer,
  la_type text,
  region text,
  review_type text,
  council_id integer,
  theme_key text,
  rec_theme text,
  search tsvector not null
);

create function library_facts_copy() returns trigger language plpgsql as $$
begin
  -- The entry as it is now (at commit), not as this event left it: an entry written and then refreshed in one
  -- transaction (written, then its challenge published) is copied once.
  insert into library_facts (id, challenge_id, source, version, later_version, kind, public_from, entry_date, year,
                             la_type, region, review_type, council_id, theme_key, rec_theme, search)
  select e.id, e.challenge_id, e.source, e.version, e.later_version, e.kind, e.public_from, e.entry_date, e.year,
         e.la_type, e.region, e.review_type, e.council_id, e.theme_key, e.rec_theme, e.search
    from library_entries e where e.id = new.id
  on conflict (id) do update set challenge_id = excluded.challenge_id, source = excluded.source,
    version = excluded.version, later_version = excluded.later_version, kind = excluded.kind,
    public_from = excluded.public_from, entry_date = excluded.entry_date, year = excluded.year,
    la_type = excluded.la_type, region = excluded.region, review_type = excluded.review_type,
    council_id = excluded.council_id, theme_key = excluded.theme_key, rec_theme = excluded.rec_theme,
    search = excluded.search
  -- Unchanged (a rewrite of the entry that changes nothing copied here): no new row version, no new index entries.
  where (library_facts.challenge_id, library_facts.source, library_facts.version, library_facts.later_version,
         library_facts.kind, library_facts.public_from, library_facts.entry_date, library_facts.year,
         library_facts.la_type, library_facts.region, library_facts.review_type, library_facts.council_id,
         library_facts.theme_key, library_facts.rec_theme, library_facts.search)
        is distinct from
        (excluded.challenge_id, excluded.source, excluded.version, excluded.later_version, excluded.kind,
         excluded.public_from, excluded.entry_date, excluded.year, excluded.la_type, excluded.region,
         excluded.review_type, excluded.council_id, excluded.theme_key, excluded.rec_theme, excluded.search);
  return null;
end
$$;
-- At commit (deferred), so each entry is written here once a transaction: a row version written and replaced in the
-- same transaction would leave a dead copy of the whole tsvector behind (the bench's build, which publishes what it
-- has just written, left the table half as large again). Until then the writing transaction's own searches do not
-- see its new entries; every other transaction sees them exactly when it sees the entries (at commit).
create constraint trigger library_entries_facts after insert or update on library_entries
  deferrable initially deferred for each row execute function library_facts_copy();

-- What is there already, in id order.
insert into library_facts (id, challenge_id, source, version, later_version, kind, public_from, entry_date, year,
                           la_type, region, review_type, council_id, theme_key, rec_theme, search)
select id, challenge_id, source, version, later_version, kind, public_from, entry_date, year, la_type, region,
       review_type, council_id, theme_key, rec_theme, search
  from library_entries order by id;

-- The text match. A small pending list (128 kB, not the default 4 MB): inserts are still batched into the index, and
-- a search reads at most 16 pages of pending entries (PGlite has no autovacuum to empty the list; an insert flushes it
-- once full).
create index library_facts_search_idx on library_facts using gin (search) with (gin_pending_list_limit = 128);
-- The library's order: a broad search walks it for its newest 1,000 hits, the list without search terms for its page
-- (nine entries in ten are public: the public's page is found within the first few dozen). No index on the public
-- date: a refresh (a publication, an issue) writes no second index entry.
create index library_facts_newest_idx on library_facts (entry_date desc nulls last, id desc);
-- Migration 022's index on the wide table is read by nothing now.
drop index library_entries_newest_idx;
