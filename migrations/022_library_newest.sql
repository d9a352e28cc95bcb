-- Issue 16, search speed (decision 0029): a broad search ranks only its newest 1,000 hits, found by walking the entries
-- newest first (each checked against the search terms) until there are enough; this index gives that order
-- (entry_date desc nulls last, id desc: the order the library lists in) without a sort of every hit.
create index library_entries_newest_idx on library_entries (entry_date desc nulls last, id desc);
